"""The catalogue stage: find and read the files, check them (YAML, JSON Schema, semantic rules), build the typed model."""
