"""The developers' page as a reference (issue 11, §5): its field tables say what the exported schemas say,
its examples are the exported files, its problem codes are the rule tables', and its Python example runs
as written against a real export (the JavaScript one runs in Chromium: tests/browser/test_pages.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from generator import load_catalog
from generator.catalogue import rules as catalogue_rules
from generator.catalogue.model import Catalog
from generator.planning import rules as planning_rules

from .conftest import REPO
from .test_site_fidelity import section

Schema = dict[str, Any]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def developers(built_site: Path) -> BeautifulSoup:
    return BeautifulSoup((built_site / "developers" / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(node: Tag) -> str:
    return " ".join(node.get_text(" ", strip=True).split()).removesuffix(" ¶")


def h2_id(soup: BeautifulSoup, starts: str) -> str:
    ids = [str(h["id"]) for h in soup.select("article h2[id]") if words(h).startswith(starts)]
    assert len(ids) == 1, (starts, ids)
    return ids[0]


def tables_in(parts: list[Tag]) -> list[tuple[str, list[dict[str, Tag]]]]:
    """(the h3 before it, its rows as {column: cell}) of every table in a section."""
    found = []
    heading = ""
    for part in parts:
        if part.name == "h3":
            heading = words(part)
        for table in [part] if part.name == "table" else part.select("table"):
            header = [words(th) for th in table.select("thead th")]
            rows = [dict(zip(header, row.find_all("td"), strict=True)) for row in table.select("tbody tr")]
            found.append((heading, rows))
    return found


# --- what the schema says of each field, read here without generator/output/reference.py -------------


def resolve(node: Schema, defs: dict[str, Schema]) -> Schema:
    ref = node.get("$ref")
    return defs[ref.removeprefix("#/$defs/")] if ref else node


def json_type(node: Schema, defs: dict[str, Schema]) -> tuple[str, bool]:
    """The JSON type of a field ('string', 'array', ...) and whether it may be null."""
    options = node.get("anyOf")
    if options:
        kept = [o for o in options if o.get("type") != "null"]
        return json_type(kept[0], defs)[0], len(kept) < len(options)
    target = resolve(node, defs)
    if "const" in target:
        return {bool: "boolean", int: "integer", str: "string"}[type(target["const"])], False
    return str(target.get("type", "object")), False


def enum_values(node: Schema, defs: dict[str, Schema]) -> list[str]:
    options = node.get("anyOf")
    target = resolve([o for o in options if o.get("type") != "null"][0] if options else node, defs)
    if target.get("type") == "array":
        return enum_values(target["items"], defs)
    return [str(v) for v in target.get("enum", [])] + ([json.dumps(target["const"])] if "const" in target else [])


def objects(schema: Schema) -> list[Schema]:
    """Every object with properties anywhere in a schema, its $defs included."""
    found: list[Schema] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict) and node.get("type") == "object":
                found.append(node)
            for key, value in node.items():
                walk(value if key != "properties" else list(value.values()))
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def row_problems(node: Schema, rows: list[dict[str, Tag]], defs: dict[str, Schema]) -> list[str]:
    """Where a table's rows do not say what the schema says of the object's fields (none: they match)."""
    names = list(node["properties"])
    if [words(row["Field"]) for row in rows] != names:  # all the fields, in order
        return ["fields"]
    problems = []
    for name, row in zip(names, rows, strict=True):
        child = node["properties"][name]
        kind, nullable = json_type(child, defs)
        shown = words(row["Type"])
        if not (shown.startswith(kind) and shown.endswith(" or null") == nullable):
            problems.append(f"{name}: type {shown!r}")
        if words(row["Required"]) != ("yes" if name in node["required"] else "no"):
            problems.append(f"{name}: required")
        values = [words(code) for code in row["Values"].select("code")]
        if not set(enum_values(child, defs)) <= set(values) or ("pattern" in child and child["pattern"] not in values):
            problems.append(f"{name}: values {values}")
        if words(row["Meaning"]) != " ".join(child.get("description", "").split()):
            problems.append(f"{name}: meaning")
    return problems


@pytest.mark.parametrize(
    ("schema_file", "heading"), [("index.schema.json", "The index"), ("preset.schema.json", "A preset")]
)
def test_every_schema_field_is_in_a_table_with_its_type_required_and_values(
    built_site: Path, developers: BeautifulSoup, schema_file: str, heading: str
) -> None:
    schema = json.loads((built_site / "configs" / "schema" / schema_file).read_text(encoding="utf-8"))
    defs = schema["$defs"]
    tables = [rows for _, rows in tables_in(section(developers, h2_id(developers, heading)))]
    for node in objects(schema):
        found = [row_problems(node, rows, defs) for rows in tables]
        assert [] in found, (list(node["properties"]), [p for p in found if p != ["fields"]])
    # No table for an object the schema lacks.
    shapes = {tuple(node["properties"]) for node in objects(schema)}
    assert {tuple(words(row["Field"]) for row in rows) for rows in tables} == shapes


def test_the_value_types_give_each_named_type_its_pattern_or_values(
    built_site: Path, developers: BeautifulSoup
) -> None:
    [(_, rows)] = tables_in(section(developers, "value-types"))
    shown = {words(row["Type"]): row for row in rows}
    for schema_file in ("index.schema.json", "preset.schema.json"):
        defs = json.loads((built_site / "configs" / "schema" / schema_file).read_text(encoding="utf-8"))["$defs"]
        for name, node in defs.items():
            if node.get("type") == "object":
                continue
            values = [words(code) for code in shown[name]["Values"].select("code")]
            expected = [node["pattern"]] if "pattern" in node else [str(v) for v in node["enum"]]
            assert values == expected, name


def test_the_example_is_the_exported_config_with_an_exception(built_site: Path, developers: BeautifulSoup) -> None:
    heading = developers.find(id="an-example")
    assert isinstance(heading, Tag)
    block = heading.find_next("pre")
    assert isinstance(block, Tag)
    shown = json.loads(block.get_text())
    exported = json.loads((built_site / "configs" / "presets" / f"{shown['id']}.json").read_text(encoding="utf-8"))
    assert shown == exported
    # Real shapes, not empty lists: a flow with an exception for a named system.
    assert any(flow["exceptions"] for flow in shown["flows"].values())


def test_every_condition_is_shown_in_a_real_flow(built_site: Path, developers: BeautifulSoup, catalog: Catalog) -> None:
    shown: set[str] = set()
    for block in section(developers, h2_id(developers, "A preset")):
        for pre in block.select("pre") if block.name != "pre" else [block]:
            document = json.loads(pre.get_text())
            for data_type, flow in document.get("flows", {}).items():
                for key in ("import_condition", "export_condition"):
                    if key in flow:
                        shown.add(flow[key]["id"])
                        exported = [
                            json.loads(p.read_text(encoding="utf-8"))["flows"][data_type]
                            for p in (built_site / "configs" / "presets").glob("*.json")
                        ]
                        assert flow in exported  # cut from a real config, not made up
    assert shown == {c.id for c in catalog.conditions}


def test_index_json_is_shown_whole_as_exported(built_site: Path, developers: BeautifulSoup) -> None:
    [details] = [d for d in developers.select("article details") if d.summary and "index.json" in words(d.summary)]
    assert details.find_parent("details") is None and not details.has_attr("open")  # collapsed: it is long
    exported = (built_site / "configs" / "index.json").read_text(encoding="utf-8")
    [block] = details.select("pre")
    assert block.get_text() == exported


def rule_rows(parts: list[Tag], heading: str) -> list[tuple[str, str, str]]:
    [rows] = [rows for title, rows in tables_in(parts) if title.startswith(heading)]
    return [(words(row["Code"]), words(row["Severity"]), words(row["What it finds"])) for row in rows]


def plain(text: str) -> str:
    """A summary as a reader sees it: its Markdown code spans read as text."""
    return " ".join(text.replace("`", "").split())


def test_every_rule_code_is_listed_once_with_its_severity_and_summary(developers: BeautifulSoup) -> None:
    parts = section(developers, "problem-codes")
    assert rule_rows(parts, "The validator") == [
        (r.code, r.severity.value, plain(r.summary)) for r in catalogue_rules.RULES
    ]
    assert rule_rows(parts, "The planner") == [
        (r.code, plain(r.severity.value if r.severity else r.varies), plain(r.summary)) for r in planning_rules.RULES
    ]


def example_code(soup: BeautifulSoup, tab: str) -> str:
    """The code of a tab ('Python', 'JavaScript') of the reading example."""
    [tabs] = [part for part in section(soup, "reading-a-config") if "tabbed-set" in part.get_attribute_list("class")]
    labels = [words(label) for label in tabs.select(".tabbed-labels > label")]
    blocks = tabs.select(".tabbed-content > .tabbed-block")
    [pre] = blocks[labels.index(tab)].select("pre")
    return pre.get_text()


def expected_lines(catalog: Catalog) -> list[str]:
    """What the examples print: each preset's imports (a condition's label beside a conditional one),
    then the systems its exceptions name."""
    lines = []
    for preset in catalog.presets:
        imported = []
        for f in preset.flows:
            if f.imports.condition is not None:
                imported.append(f"{f.data_type.id} ({f.imports.condition.label})")
            elif f.imports.state == "yes":
                imported.append(f.data_type.id)
        lines.append(f"{preset.name} imports {', '.join(imported) or 'nothing'}")
        lines += [f"  {e.system.name}: {f.data_type.id} import {e.imports}" for f in preset.flows for e in f.exceptions]
    return lines


def test_the_python_example_runs_as_written_on_a_real_export(
    developers: BeautifulSoup, catalog: Catalog, tmp_path: Path
) -> None:
    tool = shutil.which("connect-presets")
    command = [tool] if tool else [sys.executable, "-m", "generator"]
    subprocess.run([*command, "export", "--out", "configs"], cwd=tmp_path, check=True, capture_output=True, timeout=300)
    code = example_code(developers, "Python")
    ran = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == expected_lines(catalog)
    assert any(line.startswith("  ") for line in ran.stdout.splitlines())  # an exception was printed


def test_the_examples_name_no_made_up_address(developers: BeautifulSoup) -> None:
    for language in ("Python", "JavaScript"):
        assert not re.search(r"https?://", example_code(developers, language)), language


def test_conditions_and_when_possible_are_said_no_further_than_the_page(
    developers: BeautifulSoup, catalog: Catalog
) -> None:
    parts = section(developers, "conditional-flows-and-when-possible")
    items = [words(li) for part in parts for li in part.select("li")]
    for condition in catalog.conditions:
        [item] = [i for i in items if i.split(" ", 1)[0] == condition.id]
        assert f'"{condition.cell}"' in item
        if condition.footnote is None:
            assert "does not say when the condition applies" in item
        else:
            assert " ".join(condition.footnote.split()) in item
    paragraphs = [words(part) for part in parts if part.name == "p"]  # not run into the list above
    assert any(p.startswith("Connector code should not read conditional as yes or as no") for p in paragraphs)
    periods = [(p.name, f.data_type.label) for p in catalog.presets for f in p.first_import if f.when_possible]
    assert [tuple(i.split(":")[0].split(", ")) for i in items if not i.startswith("when-")] == periods


def described_properties(node: Any, where: str = "$") -> list[tuple[str, Any]]:
    """(place, schema) of every property in a schema, its $defs included; the `if` of an allOf is a
    condition on fields, not a field, and is left out."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            found.append((f"{where}.{name}", child))
        for key, value in node.items():
            if key != "if":
                found += described_properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += described_properties(value, f"{where}[{index}]")
    return found


def all_descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [text for key, value in node.items() if key != "description" for text in all_descriptions(value)]
    if isinstance(node, list):
        return [text for value in node for text in all_descriptions(value)]
    return []


@pytest.mark.parametrize("schema_file", ["index.schema.json", "preset.schema.json"])
def test_every_exported_field_has_a_meaning_in_words_not_ids(
    built_site: Path, catalog: Catalog, schema_file: str
) -> None:
    schema = json.loads((built_site / "configs" / "schema" / schema_file).read_text(encoding="utf-8"))
    unexplained = [
        where
        for where, child in described_properties(schema)
        if not (isinstance(child, dict) and str(child.get("description", "")).strip())
    ]
    assert unexplained == []
    # Ids where a label belongs: those with a hyphen (others, like 'orders', are the word itself).
    ids = {d.id for d in catalog.data_types} | {k.id for k in catalog.system_kinds} | {s.id for s in catalog.systems}
    ids |= {p.id for p in catalog.presets} | {c.id for c in catalog.conditions}
    ids |= {r.code for r in catalogue_rules.RULES} | {r.code for r in planning_rules.RULES}
    hyphenated = sorted(i for i in ids if "-" in i)
    assert "e-fulfilment-system" in hyphenated
    for text in all_descriptions(schema):
        named = [i for i in hyphenated if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text, re.IGNORECASE)]
        assert named == [], text
    if schema_file == "preset.schema.json":
        # Each data type's key is described with that type's label.
        for key in ("flows", "first_import"):
            keyed = resolve(schema["properties"][key], schema["$defs"])["properties"]
            for data_type in catalog.data_types:
                assert data_type.label.lower() in keyed[data_type.id]["description"].lower(), (key, data_type.id)


# --- what consumers get: the two schemas, the pins, the bindings (issue 12, §3) ------------------------


def section_code(soup: BeautifulSoup, heading: str) -> list[str]:
    return [pre.get_text() for part in section(soup, h2_id(soup, heading)) for pre in part.select("pre")]


def test_the_schemas_are_listed_with_their_role_and_id(built_site: Path, developers: BeautifulSoup) -> None:
    index = json.loads((built_site / "configs" / "index.json").read_text(encoding="utf-8"))
    [(_, rows)] = tables_in(section(developers, h2_id(developers, "Strict and reader schemas")))
    shown = [(words(row["Schema"]), words(row["Role"]), words(row["$id"])) for row in rows]
    expected = []
    for listed in index["schemas"]:
        schema = json.loads((built_site / "configs" / listed["path"]).read_text(encoding="utf-8"))
        expected.append((listed["path"], listed["role"], schema["$id"]))
    assert shown == expected
    for row in rows:  # each links to the file the site serves
        [link] = row["Schema"].select("a")
        assert (built_site / "developers" / str(link["href"])).resolve().is_file(), link["href"]


def test_the_pinning_example_runs_and_refuses_a_changed_file(developers: BeautifulSoup, tmp_path: Path) -> None:
    [code] = section_code(developers, "Pinning with SHA-256")
    subprocess.run([sys.executable, "-m", "generator", "export", "--out", "configs"], cwd=tmp_path, check=True)
    ran = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "", "")
    crm = tmp_path / "configs" / "presets" / "crm.json"
    crm.write_bytes(crm.read_bytes().replace(b'"CRM"', b'"CRM!"', 1))
    ran = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 1 and "presets/crm.json is not the file index.json names" in ran.stderr


def test_the_bindings_example_runs_with_the_python_models_beside_it(
    developers: BeautifulSoup, catalog: Catalog, tmp_path: Path
) -> None:
    [code] = section_code(developers, "Typed bindings")
    subprocess.run([sys.executable, "-m", "generator", "export", "--out", "configs"], cwd=tmp_path, check=True)
    shutil.copy(REPO / "bindings" / "python" / "preset.py", tmp_path / "preset.py")
    ran = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    expected = []
    for preset in catalog.presets:
        imported = [f.data_type.id for f in preset.flows if f.imports.state == "yes"]
        expected.append(f"{preset.name} imports {', '.join(imported) or 'nothing'}")
    assert ran.stdout.splitlines() == expected


def test_every_binding_the_page_names_is_in_the_repository(developers: BeautifulSoup) -> None:
    text = words(developers.select_one("article"))
    named = set(re.findall(r"bindings/[\w/]+\.(?:d\.ts|py)", text))
    assert named >= {f"bindings/{p}" for p in ("typescript/index.d.ts", "typescript/preset.d.ts")}
    assert named >= {"bindings/python/index.py", "bindings/python/preset.py"}
    assert all((REPO / path).is_file() for path in named), named
