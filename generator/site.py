"""The documentation pages, rendered from the catalogue through the Jinja templates.

Two environments share the templates folder. ``*.md.j2`` produce Markdown: every
``{{ value }}`` is escaped for Markdown *and* HTML unless it is already ``Markup``,
so catalogue text can never become markup, a link or a broken table. ``*.html.j2``
and ``*.svg.j2`` produce HTML fragments with Jinja's ordinary autoescaping; they
enter Markdown pages as ``Markup``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import contract, export
from .model import Catalog, DataFlow, Flow, Lookback, Preset, SystemKind
from .paths import template_dir
from .planner import Plan

# Python-Markdown (with pymdownx.escapeall) takes a backslash before any punctuation as
# "this character, literally"; & < > become entities so no raw HTML gets through.
_MD_ESCAPE = {ord(ch): "\\" + ch for ch in "\\`*_{}[]()#+-.!|:~^=?"}
_MD_ESCAPE |= {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_UNIT_NAMES = {
    "year": ("year", "years"),
    "month": ("month", "months"),
    "week": ("week", "weeks"),
    "day": ("day", "days"),
}


def md_escape(text: str) -> Markup:
    """Catalogue text as literal Markdown inline text: one line, no markup, no links."""
    return Markup(re.sub(r"\s+", " ", text).translate(_MD_ESCAPE))


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return md_escape(value)


def anchor(value: str) -> Markup:
    """An id used in a URL, an HTML id or a footnote label; ids are restricted by the schema."""
    if not _ID.match(value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def url(path: str) -> Markup:
    return Markup(quote(path))


def yaml_string(text: str) -> Markup:
    """Text for a page's front matter, where the theme prints it into an HTML attribute as it is:
    HTML-escaped, then written as a JSON string (a valid YAML scalar, every non-ASCII character
    as an escape so that no control character reaches the YAML reader)."""
    return Markup(json.dumps(html.escape(" ".join(text.split()), quote=True), ensure_ascii=True))


def flowing(data_flow: DataFlow) -> bool:
    return data_flow.imports.state != "no" or data_flow.exports.state != "no"


def code_block(text: str, language: str = "") -> Markup:
    """A fenced block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{text.rstrip()}\n{fence}")


def period_text(lookback: Lookback) -> str:
    """``P1Y`` -> '1 year', ``P10Y`` -> '10 years', ``P1Y6M`` -> '1 year and 6 months'."""
    words = [f"{amount} {_UNIT_NAMES[unit][amount != 1]}" for amount, unit in lookback.parts]
    return " and ".join(words)


@dataclass(frozen=True)
class Footnote:
    label: str
    text: str


class Footnotes:
    """Numbered-by-Markdown footnotes of one page, each defined once however often it is cited."""

    def __init__(self) -> None:
        self.notes: dict[str, Footnote] = {}

    def cite(self, label: str, text: str) -> Markup:
        self.notes.setdefault(label, Footnote(label, text))
        return Markup(f"[^{anchor(label)}]")


STATE_WORDS = {"yes": "Yes", "no": "No", "conditional": "Yes"}


@dataclass(frozen=True)
class Example:
    """A worked example: a setup file and the plan made from it."""

    slug: str
    title: str
    text: str
    plan: Plan

    def routed(self, system: str, side: str) -> str:
        """The data types a system sends into Connect (``into``) or receives (``from``)."""
        return ", ".join(
            route.data_type.label
            for route in self.plan.routing
            if any(end.system == system for end in (route.into_connect if side == "into" else route.from_connect))
        )


class Renderer:
    """Renders every catalogue-derived page; one instance per build."""

    def __init__(self, catalog: Catalog, templates: Path | None = None, examples: tuple[Example, ...] = ()) -> None:
        self.catalog = catalog
        self.examples = examples
        loader = FileSystemLoader(str(templates or template_dir()))
        common: dict[str, Any] = {
            "undefined": StrictUndefined,
            "keep_trailing_newline": True,
            "trim_blocks": True,
            "lstrip_blocks": True,
        }
        self.markdown = Environment(loader=loader, autoescape=False, finalize=_finalize, **common)
        self.html = Environment(loader=loader, autoescape=True, **common)
        helpers: dict[str, Callable[..., Any]] = {
            "anchor": anchor,
            "url": url,
            "code_block": code_block,
            "yaml_string": yaml_string,
            "period_text": period_text,
            "fragment": self.fragment,
            "flow_cell": self.flow_cell,
            "lookbacks": lambda first_import: ", ".join(
                f"{lb.data_type.label} {period_text(lb)}" + (" (when possible)" if lb.when_possible else "")
                for lb in first_import
            ),
            "endpoints": lambda ends: ", ".join(
                e.system + (f" ({e.condition.label})" if e.condition else "") + (" (see note)" if e.note else "")
                for e in ends
            ),
            "state_icon": self.state_icon,
            "Footnotes": Footnotes,
        }
        for env in (self.markdown, self.html):
            env.tests["flowing"] = flowing
            env.globals.update(helpers)
            env.globals.update(catalog=catalog, format_version=contract.FORMAT_VERSION, kinds_of=self.presets_of_kind)

    def fragment(self, template: str, **context: Any) -> Markup:
        """An HTML or SVG fragment for a Markdown page."""
        return Markup(self.html.get_template(template).render(**context).strip())

    def state_icon(self, state: str) -> Markup:
        # On one line: it sits inside Markdown table cells.
        return Markup(re.sub(r">\s+<", "><", self.fragment("state-icon.svg.j2", state=state)))

    def flow_cell(self, preset: Preset, data_flow: DataFlow, direction: str, notes: Footnotes) -> Markup:
        """A data table cell: an icon, the state in words, its condition and footnotes."""
        flow: Flow = data_flow.imports if direction == "import" else data_flow.exports
        words = md_escape(STATE_WORDS[flow.state])
        refs = []
        if flow.condition is not None:
            words = Markup(f"{words}, {md_escape(flow.condition.label)}")
            refs.append(notes.cite(f"{preset.id}-{flow.condition.id}", flow.condition.description))
        if flow.state != "no" and data_flow.exceptions:
            text = " ".join(e.note for e in data_flow.exceptions)
            refs.append(notes.cite(f"{preset.id}-{data_flow.data_type.id}-exceptions", text))
        return Markup(f"{self.state_icon(flow.state)} {words}{''.join(refs)}")

    def presets_of_kind(self, kind: SystemKind) -> list[Preset]:
        return [p for p in self.catalog.presets if kind in p.kinds]

    @cached_property
    def example_config(self) -> str:
        # The first preset that shows a condition, so the example covers conditional flows too.
        with_condition = [
            p for p in self.catalog.presets if any(f.imports.condition or f.exports.condition for f in p.flows)
        ]
        preset = (with_condition or list(self.catalog.presets))[0]
        return json.dumps(export.preset_document(self.catalog, preset), indent=2, ensure_ascii=False)

    def pages(self) -> dict[str, str]:
        """Markdown source of every generated page, by its path in the docs folder."""
        catalog = self.catalog
        pages = {
            "onboarding-presets.md": self._page("onboarding-presets.md.j2"),
            "compare.md": self._page("compare.md.j2"),
            "choose.md": self._page("choose.md.j2"),
            "connection-order.md": self._page("connection-order.md.j2"),
            "developers.md": self._page("developers.md.j2", example_config=self.example_config),
            "examples.md": self._page("examples.md.j2", examples=self.examples),
        }
        for preset in catalog.presets:
            pages[f"presets/{preset.id}.md"] = self._page("preset.md.j2", preset=preset)
        return pages

    def _page(self, template: str, **context: Any) -> str:
        return self.markdown.get_template(template).render(**context)


def nav(catalog: Catalog) -> list[Any]:
    """The site's navigation: hand-written home page, then the generated pages."""
    return [
        {"Home": "index.md"},
        {
            "Presets": [
                {"Onboarding presets": "onboarding-presets.md"},
                {"Which preset do I need?": "choose.md"},
                {"Compare presets": "compare.md"},
                # The theme prints navigation titles as HTML: escape catalogue text.
                *({html.escape(preset.name): f"presets/{preset.id}.md"} for preset in catalog.presets),
            ]
        },
        {"Connection order": "connection-order.md"},
        {"Plan your setup": ["plan.md", {"Worked examples": "examples.md"}]},
        {"For connector developers": "developers.md"},
    ]
