"""How a plan is shown: text for a terminal, JSON for code, Markdown for a page or a ticket."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..printable import one_line
from ..wording import endpoint, endpoints, first_imports, json_bytes, md_text
from .result import Plan, as_json


def code_span(text: str) -> str:
    """``text`` as one Markdown code span, whatever backticks it holds (CommonMark: a longer fence)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def text(result: Plan) -> str:
    lines = [problem.as_text() for problem in result.problems]
    lines.append("Connect in this order:")
    for item in result.checklist:
        done = " [connected]" if item.system.connected else ""
        first = first_imports(item)
        lines.append(
            f"  {item.position}. {item.system.name}{done}: {item.preset.name} preset (step {item.step.number}, {item.step.label})"
        )
        if first:
            lines.append(f"     first import: {first}")
        if item.support is not None:
            lines.append(f"     then: {item.support.text}")
    lines.append("Routing:")
    for route in result.routing:
        into = endpoints(route.into_connect) or "-"
        out = endpoints(route.from_connect) or "-"
        lines.append(f"  {route.data_type.label}: into Connect from {into}; from Connect to {out}")
    notes = sorted({e.note for r in result.routing for e in (*r.into_connect, *r.from_connect) if e.note})
    lines += [f"  note: {n}" for n in notes]
    # Names and notes are the account's and the catalogue's text: a newline or a bidirectional
    # control in them must not break or reorder the line they are on.
    return "".join(one_line(line) + "\n" for line in lines)


def as_json_text(result: Plan) -> str:
    return json_bytes(as_json(result)).decode("utf-8")  # as the exported configs: json.dumps(indent=2), faster


def markdown(result: Plan) -> str:
    return "".join(one_line(line) + "\n" for chunk in _markdown(result) for line in chunk.split("\n"))


def _markdown(result: Plan) -> Iterator[str]:
    if result.problems:
        yield "## Problems\n"
        for p in result.problems:
            yield f"- **{p.severity.value}** `{p.code}` at {code_span(p.json_path)}: {md_text(p.message)}"
        yield ""
    yield "## Connect in this order\n"
    yield "| # | System | Preset | Step | First import |"
    yield "| --- | --- | --- | --- | --- |"
    for item in result.checklist:
        done = " (connected)" if item.system.connected else ""
        yield (
            f"| {item.position} | {md_text(item.system.name)}{done} | {md_text(item.preset.name)} | "
            f"{item.step.number}. {md_text(item.step.label)} | {md_text(first_imports(item)) or '-'} |"
        )
    supported = [item for item in result.checklist if item.support is not None]
    if supported:
        yield ""
    for item in supported:
        assert item.support is not None
        yield f"- **Then, for {md_text(item.system.name)}, {md_text(item.support.contact)}:** {md_text(item.support.text)}"
    yield ""
    yield "## Routing\n"
    yield "| Data type | Into Connect from | From Connect to |"
    yield "| --- | --- | --- |"
    for route in result.routing:
        into = ", ".join(md_text(endpoint(e)) for e in route.into_connect) or "-"
        out = ", ".join(md_text(endpoint(e)) for e in route.from_connect) or "-"
        yield f"| {md_text(route.data_type.label)} | {into} | {out} |"
    yield ""
    yield from _mermaid(result)


def _mermaid(result: Plan) -> Iterator[str]:
    """The routing as a Mermaid flowchart (rendered by GitHub, GitLab and most Markdown viewers)."""
    # Which data types each system sends and receives, gathered in one pass over the routes (a
    # name given twice, a duplicate-name error, gets both systems' types, as in the tables).
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for route in result.routing:
        for ends, routed in ((route.into_connect, into), (route.from_connect, out)):
            for name in dict.fromkeys(e.name for e in ends):
                routed.setdefault(name, []).append(route.data_type.label)
    yield "```mermaid"
    yield "flowchart LR"
    yield '  connect(("Connect"))'
    for n, item in enumerate(result.checklist):
        name = item.system.name
        yield f"  s{n}[{mermaid_text(name)}]"
        if name in into:
            yield f"  s{n} -- {mermaid_text(*into[name])} --> connect"
        if name in out:
            yield f"  connect -- {mermaid_text(*out[name])} --> s{n}"
    yield "```"


def mermaid_text(*parts: str) -> str:
    """A quoted Mermaid label of ``parts``, joined by commas: every character outside [A-Za-z0-9 ]
    is an entity code (``#35;``), so no text can end the label, start a comment or become HTML."""
    return '"' + ", ".join(_MERMAID_PLAIN.sub(lambda m: f"#{ord(m.group())};", part) for part in parts) + '"'


_MERMAID_PLAIN = re.compile(r"[^A-Za-z0-9 ]")
