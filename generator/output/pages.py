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
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import wording
from ..catalogue.model import Catalog, DataFlow, Flow, Preset, Step, SystemKind
from ..paths import template_dir
from ..planning import Plan
from . import contract, diagrams, reference
from .compare import first_import_table
from .guide import Guide, in_sentence
from .tablenotes import TableNotes, other_inconsistencies, period_inconsistency

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def md_escape(text: str) -> Markup:
    """Catalogue text as literal Markdown inline text: one line, no markup, no links."""
    return Markup(wording.md_text(text))


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


def preset_href(preset_id: str, links: str) -> Markup:
    """A link to a preset: its section on the overview ("anchor"), its page from another preset's
    page ("sibling"), or its page from a page at the top of the docs ("top")."""
    if links == "anchor":
        return Markup(f"#{anchor(preset_id)}")
    return Markup(f"{'' if links == 'sibling' else 'presets/'}{url(preset_id)}.md")


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


STATE_WORDS = {"yes": "Yes", "no": "No", "conditional": "Yes"}


def cell_words(flow: Flow) -> str:
    """A table cell's words as the page writes them: 'Yes', 'No', or the condition's own cell text
    ('Yes (when applicable)', 'When available')."""
    return flow.condition.cell if flow.condition is not None else STATE_WORDS[flow.state]


def listing(words: list[str], last: str = "and") -> str:
    """'A', 'A and B', 'A, B and C', as the page lists the named systems."""
    return f"{', '.join(words[:-1])} {last} {words[-1]}" if len(words) > 1 else "".join(words)


def available_for(preset: Preset, kinds: bool = True) -> str:
    """The page's restriction of a preset with the systems it names: 'Available only for CRM systems
    that export activities, such as Spotler Leads, Momice and LeadForensics.' Where the page sets
    none, the kinds of system the catalogue gives the preset (``kinds``: where the page around it
    does not say them already) and the named systems."""
    systems = listing([s.name for s in preset.example_systems])
    if preset.available_only_for is not None:
        return f"Available only for {preset.available_only_for}{f', such as {systems}' if systems else ''}."
    if kinds:
        kinds_words = listing([in_sentence(k.label) for k in preset.kinds], "or")
        return f"It is for your {kinds_words}{f', such as {systems}' if systems else ''}."
    return f"Such as {systems}." if systems else ""


@dataclass(frozen=True)
class Example:
    """A worked example: a setup file and the plan made from it."""

    slug: str
    title: str
    text: str
    plan: Plan


# How firmly the page puts a rule, in words for readers ('please keep to' asks, 'it's essential' requires).
STRENGTH_WORDS = {"request": "a request", "essential": "a requirement"}


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
            "preset_href": preset_href,
            "code_block": code_block,
            "yaml_string": yaml_string,
            "period_text": wording.period_text,
            "fragment": self.fragment,
            "flow_cell": self.flow_cell,
            "endpoints": wording.endpoints,
            "state_icon": self.state_icon,
            "first_imports": wording.first_imports,
            "cell_words": cell_words,
            "available_for": available_for,
            "listing": listing,
            "table_notes": self.table_notes,
            "matrix_notes": self.matrix_notes,
            "period_inconsistency": period_inconsistency,
            "other_inconsistencies": other_inconsistencies,
            "first_import_table": first_import_table,
            "step_detail": self.step_detail,
            "in_sentence": in_sentence,
            **diagrams.helpers(catalog),
            "code_span": reference.code_span,
            "anchor_id": reference.anchor_id,
        }
        for env in (self.markdown, self.html):
            env.tests["flowing"] = flowing
            env.globals.update(helpers)
            env.globals.update(catalog=catalog, format_version=contract.FORMAT_VERSION, kinds_of=self.presets_of_kind)
            env.globals["strength_words"] = STRENGTH_WORDS
            # The marks after a period, worded once for every page that shows periods.
            env.globals["period_marks"] = {
                "when_possible": wording.WHEN_POSSIBLE.strip(),
                "not_imported": wording.NOT_IMPORTED.strip(),
            }
            env.globals["guide"] = Guide(catalog)

    def fragment(self, template: str, **context: Any) -> Markup:
        """An HTML or SVG fragment for a Markdown page."""
        return Markup(self.html.get_template(template).render(**context).strip())

    def state_icon(self, state: str) -> Markup:
        # On one line: it sits inside Markdown table cells.
        return Markup(re.sub(r">\s+<", "><", self.fragment("state-icon.svg.j2", state=state)))

    def flow_cell(self, data_flow: DataFlow, direction: str, notes: TableNotes) -> Markup:
        """A data table cell: an icon, the words as the page writes them, and markers of its notes."""
        flow: Flow = data_flow.imports if direction == "import" else data_flow.exports
        return Markup(f"{self.state_icon(flow.state)} {md_escape(cell_words(flow))}{notes.refs(data_flow, flow)}")

    def table_notes(self, preset: Preset) -> TableNotes:
        """The notes of a preset's data table; its id is unique on every page that shows the table."""
        notes = TableNotes(str(anchor(preset.id)))
        notes.add_preset(preset)
        return notes

    def matrix_notes(self) -> TableNotes:
        notes = TableNotes("compare")
        for preset in self.catalog.presets:
            notes.add_preset(preset, placed=True)
        return notes

    def step_detail(self, step: Step) -> str:
        """Whose connectors a step takes, where its label alone does not say: the presets a step names;
        the kinds of a step of several kinds; for a kind whose presets belong to different steps, the
        presets that belong here; and that a step may take several systems where the page says so
        ('Marketplace(s)'). It depends on the catalogue's structure only, never on how labels read."""
        catalog, order = self.catalog, self.catalog.connection_order
        parts = []
        if step.presets:
            names = listing([catalog.preset(p).name for p in step.presets], "or")
            parts.append(f"systems set up with the {names} preset")
        for kind in step.kinds:
            presets = self.presets_of_kind(kind)
            here = [p.name for p in presets if order.step_for(p, kind.id) == step]
            if here and len(here) < len(presets):
                parts.append(f"{kind.label} set up with the {listing(here, 'or')} preset")
            elif len(step.kinds) > 1:
                parts.append(kind.label)
        if step.several:
            parts.append("several may be connected in this step")
        return "; ".join(parts)

    def presets_of_kind(self, kind: SystemKind) -> list[Preset]:
        return [p for p in self.catalog.presets if kind in p.kinds]

    def pages(self) -> dict[str, str]:
        """Markdown source of every generated page, by its path in the docs folder."""
        catalog = self.catalog
        pages = {
            "onboarding-presets.md": self._page("onboarding-presets.md.j2"),
            "compare.md": self._page("compare.md.j2"),
            "choose.md": self._page("choose.md.j2"),
            "connection-order.md": self._page("connection-order.md.j2"),
            "developers.md": self._page("developers.md.j2", reference=reference.Reference(catalog)),
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
                {"Which preset do I need?": "choose.md"},
                {"Compare presets": "compare.md"},
                # Each preset under the overview of them all, which opens the group.
                {
                    html.escape(catalog.title): [
                        {"All on one page": "onboarding-presets.md"},
                        # The theme prints navigation titles as HTML: escape catalogue text.
                        *({html.escape(preset.name): f"presets/{preset.id}.md"} for preset in catalog.presets),
                    ]
                },
            ]
        },
        {"Connection order": "connection-order.md"},
        {"Plan your setup": ["plan.md", {"Worked examples": "examples.md"}]},
        {"For connector developers": "developers.md"},
    ]
