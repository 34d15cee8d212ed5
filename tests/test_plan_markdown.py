"""`plan --format markdown`: names are text, never markup. In the Mermaid block every character of a
name outside [A-Za-z0-9 space] is a Mermaid entity code (#35;), so no name can end a label, add an
edge, start a comment or reach the rendered HTML as a tag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import load_catalog
from generator.planning import Plan, Setup, SetupSystem, plan
from generator.planning.format import markdown

HOSTILE = [
    '"quoted"',
    "#1 shop; x",
    "`code`",
    "<b>bold</b>",
    "A --> B",
    "close ] [ open",
    "%% not a comment",
    "end",
    "#quot; already",
    "a & b",
    "Café ✓ 😀",
    "{braces} (parens) |pipe|",
    "click s0 callback",
]


def mermaid_block(text: str) -> list[str]:
    [block] = re.findall(r"^```mermaid\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)
    return block.splitlines()


def decoded(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)


@pytest.fixture(scope="module")
def hostile_plan() -> Plan:
    systems = [SetupSystem("Warehouse", "e-fulfilment-system", "fulfilment")]
    systems += [SetupSystem(name, "marketplace", "marketplace") for name in HOSTILE]
    return plan(Setup(tuple(systems)), load_catalog())


def test_names_are_entity_codes_in_the_mermaid_block(hostile_plan: Plan) -> None:
    lines = mermaid_block(markdown(hostile_plan))
    assert lines[:4] == [
        "flowchart LR",
        '  connect(("Connect"))',
        '  s0["Warehouse"]',
        '  s0 -- "Products, Stock, Shipments" --> connect',
    ]
    nodes = [line for line in lines if re.match(r"  s\d+\[", line)]
    assert nodes[1:5] == [
        '  s1["#34;quoted#34;"]',
        '  s2["#35;1 shop#59; x"]',
        '  s3["#96;code#96;"]',
        '  s4["#60;b#62;bold#60;#47;b#62;"]',
    ]
    assert '  s5["A #45;#45;#62; B"]' in nodes
    assert '  s11["Caf#233; #10003; #128512;"]' in nodes


def test_no_markup_of_a_name_survives(hostile_plan: Plan) -> None:
    lines = mermaid_block(markdown(hostile_plan))
    names = [item.system.name for item in hostile_plan.checklist]
    for n, name in enumerate(names):
        [node] = [line for line in lines if line.startswith(f"  s{n}[")]
        label = re.fullmatch(rf'  s{n}\["([^"]*)"\]', node)
        assert label is not None, node
        assert re.fullmatch(r"[A-Za-z0-9 ]*(?:#\d+;[A-Za-z0-9 ]*)*", label.group(1)), node
        assert decoded(label.group(1)) == name
    # Every line is one of the four shapes the diagram is made of: nothing a name added.
    shapes = (
        r"flowchart LR",
        r'  connect\(\("Connect"\)\)',
        r'  s\d+\["[A-Za-z0-9 #;]*"\]',
        r'  s\d+ -- "[A-Za-z0-9 #;,]*" --> connect',
        r'  connect -- "[A-Za-z0-9 #;,]*" --> s\d+',
    )
    assert [line for line in lines if not any(re.fullmatch(shape, line) for shape in shapes)] == []


def test_a_key_with_a_backtick_stays_one_code_span_in_the_problems(tmp_path: Path) -> None:
    result = plan(
        Setup((SetupSystem("Mail", "marketing-automation", "marketing-automation", wants=(("a`b", "import"),)),)),
        load_catalog(),
    )
    [line] = [line for line in markdown(result).splitlines() if line.startswith("- **error**")]
    assert line.startswith('- **error** `unknown-data-type` at ``$.systems[0].wants["a`b"]``: ')


def test_the_json_format_is_json_dumps_with_an_indent_of_two(hostile_plan: Plan) -> None:
    import json

    from generator.planning import as_json
    from generator.planning.format import as_json_text

    assert as_json_text(hostile_plan) == json.dumps(as_json(hostile_plan), indent=2, ensure_ascii=False) + "\n"
