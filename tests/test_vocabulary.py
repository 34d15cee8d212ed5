"""catalog.yaml owns the vocabulary: the schemas' lists of ids are generated from it.

A docs writer adds a data type, a kind of system or a named system in catalog.yaml and the presets,
nothing else, and the catalogue validates, exports and builds; the schema files in the repository
(for the editor) are rewritten by `connect-presets schemas`, and `check --schema-dir` finds them stale.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import arguments, commands
from generator.catalogue import rules, schemagen
from generator.catalogue.validate import validate

from . import readme_tables
from .conftest import BUNDLED, REPO, CliRunner

NEW_DATA_TYPE = ("returns", "Returns")
NEW_KIND = ("returns-portal", "Returns portal")
NEW_SYSTEM = ("returnly", "Returnly")


def add_vocabulary(catalog: Path) -> None:
    """Edit the copy at ``catalog`` as a docs writer would: a data type (with a flow in every preset
    and a first-import period where it is imported), a kind with its step and a preset that serves
    it, and a named system of that kind as the preset's example. catalog.yaml and presets only."""
    index = catalog / "catalog.yaml"
    text = index.read_text(encoding="utf-8")
    edits = [
        ("data_types:\n", f"data_types:\n  - id: {NEW_DATA_TYPE[0]}\n    label: {NEW_DATA_TYPE[1]}\n"),
        ("system_kinds:\n", f"system_kinds:\n  - id: {NEW_KIND[0]}\n    label: {NEW_KIND[1]}\n"),
        ("systems:\n", f"systems:\n  - id: {NEW_SYSTEM[0]}\n    name: {NEW_SYSTEM[1]}\n    kind: {NEW_KIND[0]}\n"),
        ("      kinds: [crm]\n", f"      kinds: [crm, {NEW_KIND[0]}]\n"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    index.write_text(text, encoding="utf-8")
    for preset in sorted((catalog / "presets").glob("*.yaml")):
        text = preset.read_text(encoding="utf-8")
        imported = preset.stem == "crm"
        text = text.replace(
            "\nflows:\n", f"\nflows:\n  {NEW_DATA_TYPE[0]}: {{import: {'yes' if imported else 'no'}, export: no}}\n"
        )
        if imported:
            text = text.replace("first_import:\n", f"first_import:\n  {NEW_DATA_TYPE[0]}: {{period: P30D}}\n")
            text = text.replace("kinds: [crm]\n", f"kinds: [crm, {NEW_KIND[0]}]\nexample_systems: [{NEW_SYSTEM[0]}]\n")
        preset.write_text(text, encoding="utf-8")


def schemas_args(*argv: object) -> argparse.Namespace:
    return arguments.parser().parse_args(["schemas", *(str(a) for a in argv)])


def test_a_new_data_type_kind_and_system_build_into_the_export_and_the_site(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    add_vocabulary(catalog_copy)
    # The repository's schema files do not list the new ids; validation makes its own from catalog.yaml.
    assert NEW_DATA_TYPE[0] not in (REPO / "schema" / schemagen.COMMON).read_text(encoding="utf-8")
    run = cli("validate", catalog_copy, "--strict")
    assert run.code == 0, run.out

    out = tmp_path / "configs"
    assert cli("export", "--source", catalog_copy, "--out", out).code == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert NEW_DATA_TYPE[0] in [d["id"] for d in index["data_types"]]
    assert NEW_KIND[0] in [k["id"] for k in index["system_kinds"]]
    crm = json.loads((out / "presets" / "crm.json").read_text(encoding="utf-8"))
    assert NEW_DATA_TYPE[0] in json.dumps(crm["flows"]) and NEW_SYSTEM[0] in json.dumps(crm)
    schema = json.loads((out / "schema" / "index.schema.json").read_text(encoding="utf-8"))
    assert NEW_DATA_TYPE[0] in schema["$defs"]["data-type-id"]["enum"]

    site = tmp_path / "site"
    run = cli("build", "--source", catalog_copy, "--site-dir", site, "--config-file", REPO / "mkdocs.yml")
    assert run.code == 0, run.err
    page = BeautifulSoup((site / "presets" / "crm" / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = " ".join(page.get_text(" ", strip=True).split())
    assert NEW_DATA_TYPE[1] in shown and NEW_SYSTEM[1] in shown
    chooser = BeautifulSoup((site / "choose" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert NEW_KIND[1] in chooser.get_text(" ", strip=True)  # the chooser leads from each kind to its presets
    assert json.loads((site / "configs" / "presets" / "crm.json").read_bytes()) == crm


def test_the_site_publishes_the_schemas_of_the_catalogue_it_shows(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    add_vocabulary(catalog_copy)
    site = tmp_path / "site"
    assert cli("build", "--source", catalog_copy, "--site-dir", site, "--config-file", REPO / "mkdocs.yml").code == 0
    common = json.loads((site / "schema" / schemagen.COMMON).read_text(encoding="utf-8"))
    assert NEW_DATA_TYPE[0] in common["$defs"]["data-type-id"]["enum"]


def test_the_repository_schemas_are_those_the_bundled_catalogue_makes(cli: CliRunner) -> None:
    run = cli("check", "--schema-dir", REPO / "schema")
    assert (run.code, run.out) == (0, f"{REPO / 'schema'}: up to date\n"), run.out + run.err


def test_check_finds_stale_schemas_and_the_schemas_command_mends_them(
    cli: CliRunner, catalog_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = catalog_copy.parent / "schema"  # where the catalogue's files look for their schemas
    shutil.copytree(REPO / "schema", schema)
    add_vocabulary(catalog_copy)

    run = cli("check", "--source", catalog_copy, "--schema-dir", schema)
    assert run.code == 3
    lines = run.out.splitlines()
    assert f"stale: {schema.as_posix()}/{schemagen.COMMON}" in lines
    assert f"stale: {schema.as_posix()}/{schemagen.PRESET}" in lines  # catalog.schema.json lists no ids
    assert f'+        "{NEW_DATA_TYPE[0]}",' in lines  # the diff shows the enum gaining the data type
    assert run.err == f"{schema}: not up to date (2 stale); run connect-presets schemas --source {catalog_copy}\n"

    setup_schema = (schema / "setup.schema.json").read_bytes()
    args = schemas_args("--source", catalog_copy)
    assert commands.run_schemas(validate(args.source), args) == 0
    written = capsys.readouterr().out
    assert written == f"schema: wrote 2 changed file(s): {schemagen.PRESET}, {schemagen.COMMON}\n"
    assert (schema / "setup.schema.json").read_bytes() == setup_schema  # not generated: left alone
    assert cli("check", "--source", catalog_copy, "--schema-dir", schema).code == 0
    assert commands.run_schemas(validate(args.source), args) == 0
    assert capsys.readouterr().out == "schema: up to date\n"


def test_the_schemas_command_writes_the_generated_schemas(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("schemas", "--out", tmp_path / "schema")
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == sorted(schemagen.GENERATED)
    for name in schemagen.GENERATED:
        assert (tmp_path / "schema" / name).read_bytes() == (REPO / "schema" / name).read_bytes()


def test_the_schemas_command_replaces_no_file_it_did_not_make(cli: CliRunner, tmp_path: Path) -> None:
    """A file of the same name that is another document is refused, and nothing is written at all."""
    folder = tmp_path / "schema"
    folder.mkdir()
    foreign = folder / schemagen.PRESET
    foreign.write_text('{"title": "Our own preset schema"}\n', encoding="utf-8")
    run = cli("schemas", "--out", folder)
    assert run.code == 2
    assert f"'{foreign.as_posix()}' is not a connect-presets schema of that name" in run.err
    assert "nothing written" in run.err and "Traceback" not in run.err
    assert foreign.read_text(encoding="utf-8") == '{"title": "Our own preset schema"}\n'
    assert sorted(p.name for p in folder.iterdir()) == [schemagen.PRESET]  # the other two not written either
    # An earlier version of our own schema (the same title) is replaced as before.
    ours = json.loads((REPO / "schema" / schemagen.PRESET).read_text(encoding="utf-8"))
    foreign.write_text(json.dumps({**ours, "description": "an older text"}), encoding="utf-8")
    assert cli("schemas", "--out", folder).code == 0
    assert foreign.read_bytes() == (REPO / "schema" / schemagen.PRESET).read_bytes()


def test_missing_schema_files_are_named(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("check", "--schema-dir", tmp_path / "schema")
    assert run.code == 3
    assert f"missing: {(tmp_path / 'schema').as_posix()}/{schemagen.CATALOG}" in run.out.splitlines()
    assert run.err.endswith(f"(3 missing); run connect-presets schemas --out {tmp_path / 'schema'}\n")


def test_schemas_refuses_an_invalid_catalogue(catalog_copy: Path, tmp_path: Path) -> None:
    (catalog_copy / "presets" / "crm.yaml").write_text("id: [\n", encoding="utf-8")
    args = schemas_args("--source", catalog_copy, "--out", tmp_path / "schema")
    with pytest.raises(Exception, match="error"):
        commands.run_schemas(validate(args.source), args)
    assert not (tmp_path / "schema").exists()


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("presets/crm.yaml", "kinds: [crm]", "kinds: [crn]", "'crn' is not a known kind of system; did you mean 'crm'?"),
        ("presets/crm.yaml", "  orders: {", "  orderz: {", "unknown key 'orderz'; did you mean 'orders'?"),
        ("presets/crm.yaml", "system: tribe-crm", "system: tribecrm", "'tribecrm' is not a known named system; did you mean 'tribe-crm'?"),
        ("catalog.yaml", "kind: analytics", "kind: analytic", "'analytic' is not a known kind of system; did you mean 'analytics'?"),
        ("catalog.yaml", "default_source_of: [stock, products]", "default_source_of: [stocks, products]", "'stocks' is not a known data type; did you mean 'stock'?"),
        ("catalog.yaml", "presets: [activities, analytics]", "presets: [activities, analytic]", "unknown preset 'analytic'; did you mean 'analytics'?"),
    ],
)  # fmt: skip
def test_an_unknown_id_is_reported_once_with_the_suggestion(
    cli: CliRunner, catalog_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    path = catalog_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = cli("validate", catalog_copy)
    errors = [line for line in run.out.splitlines() if ": error: " in line]
    assert len(errors) == 1, run.out
    assert expected in errors[0]


def test_a_data_type_removed_from_catalog_yaml_alone_is_an_unknown_key_in_each_preset(
    cli: CliRunner, catalog_copy: Path
) -> None:
    index = catalog_copy / "catalog.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("  - id: checkouts\n    label: Checkouts\n", ""))
    run = cli("validate", catalog_copy)
    problems = run.out.splitlines()[:-1]
    presets = sorted((catalog_copy / "presets").glob("*.yaml"))
    assert len(problems) == len(presets)
    assert all("$.flows.checkouts: error: unknown key 'checkouts'" in line for line in problems)


def test_a_list_catalog_yaml_cannot_give_leaves_the_presets_unjudged_on_it(cli: CliRunner, catalog_copy: Path) -> None:
    # One data type without an id: which ids the list means is unknown, so the presets' flows are
    # not reported (as unknown keys) for catalog.yaml's mistake; catalog.yaml's own problem is.
    index = catalog_copy / "catalog.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("  - id: checkouts\n", "  - name: checkouts\n"))
    run = cli("validate", catalog_copy)
    assert run.code == 1
    files = {line.split(":", 1)[0] for line in run.out.splitlines()[:-1]}
    assert files == {"catalog/catalog.yaml"}, run.out


def test_the_ids_of_catalog_yaml_are_read_whole_or_not_at_all() -> None:
    ids = schemagen.Ids.read({"data_types": [{"id": "orders"}, {"id": "orders"}], "system_kinds": []})
    assert ids == schemagen.Ids(("orders",), None, None, None)
    assert schemagen.Ids.read({"data_types": [{"id": "orders"}, {"id": "Not an id"}]}).data_types is None
    assert schemagen.Ids.read(None) == schemagen.Ids(None, None, None, None)
    assert schemagen.Ids.read({"systems": []}).systems == ()  # a catalogue may name no system yet


def test_the_readme_lists_every_rule_of_the_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme_tables.span(readme, "catalogue rules")
    assert readme[start:end] == readme_tables.catalogue_block(), "run: python3 tests/readme_tables.py"
    assert all(f"| `{rule.code}` |" in readme[start:end] for rule in rules.RULES)


def test_the_acknowledgeable_warnings_are_those_of_the_rule_table() -> None:
    preset = json.loads((REPO / "schema" / schemagen.PRESET).read_text(encoding="utf-8"))
    rule = preset["properties"]["acknowledged"]["items"]["properties"]["rule"]
    assert rule["enum"] == [r.code for r in rules.RULES if r.acknowledgeable] == ["lookback-without-import"]


def test_every_generated_list_is_marked_for_the_reader() -> None:
    common = json.loads((REPO / "schema" / schemagen.COMMON).read_text(encoding="utf-8"))["$defs"]
    for definition, _, section in schemagen.ID_LISTS:
        assert re.search(rf"catalog\.yaml's {section} by `connect-presets schemas`", common[definition]["$comment"])
    ids = schemagen.Ids.of(__import__("generator").load_catalog(BUNDLED))
    assert common["data-type-id"]["enum"] == list(ids.data_types or ())
