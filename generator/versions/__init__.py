"""Versions of the catalogue: what changed between two of them (diff), how each change is classed
(changes, the one table), the releases kept in the repository (store) and the gate that holds a
version number to its changes (gate)."""
