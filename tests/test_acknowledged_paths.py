"""An acknowledgement's place may be written as `validate` prints it: the line a docs writer copies from
the warning works as it is."""

from __future__ import annotations

import json
from pathlib import Path

from generator import load_catalog
from generator.output.export import render

from .conftest import CliRunner


def rewrite(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_the_printed_path_acknowledges_a_preset_warning(catalog_copy: Path, cli: CliRunner) -> None:
    rewrite(catalog_copy / "presets" / "fulfilment.yaml", "at: first_import.orders", "at: $.first_import.orders")
    run = cli("validate", catalog_copy, "--strict")
    assert run.code == 0, run.out + run.err
    assert run.out.strip().endswith("0 error(s), 0 warning(s) (3 acknowledged)")
    # The export speaks of the place in one way, whichever way the catalogue wrote it.
    fulfilment = json.loads(render(load_catalog(catalog_copy))["presets/fulfilment.json"])
    assert {i["at"] for i in fulfilment["page_inconsistencies"]} == {"first_import.orders", "first_import.contacts"}


def test_the_printed_path_names_a_field_of_the_connection_order(catalog_copy: Path, cli: CliRunner) -> None:
    rewrite(catalog_copy / "catalog.yaml", "    - at: strength\n", "    - at: $.connection_order.strength\n")
    assert cli("validate", catalog_copy, "--strict").code == 0
    index = json.loads(render(load_catalog(catalog_copy))["index.json"])
    assert [i["at"] for i in index["connection_order"]["page_inconsistencies"]] == ["strength"]


def test_a_printed_path_that_points_nowhere_is_still_stale(catalog_copy: Path, cli: CliRunner) -> None:
    rewrite(catalog_copy / "presets" / "marketplace.yaml", "  - at: flows.contacts\n", "  - at: $.flows.contact\n")
    run = cli("validate", catalog_copy, "--strict")
    assert run.code == 1
    assert "nothing at $.flows.contact in this file" in run.out and "[stale-acknowledgement]" in run.out
