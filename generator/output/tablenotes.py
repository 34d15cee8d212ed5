"""The notes of a table, printed right under it, as the help page prints its footnotes.

Markdown footnotes would collect at the end of a page, far from their tables and once per page
rather than per table. So each table gets its own notes: every note once, however many cells cite
it; a lone note is marked '*' as on the page, several are numbered. A cell's marker is a link to its
note that a screen reader reads as "note 1" and that is described by the note's text.

Besides the footnotes, a table carries the help page's own contradictions about it (a preset's
``acknowledged`` entries at ``flows.<data type>``): printed under the table, with no marker, as the
page itself gives none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..catalogue.model import DataFlow, FirstImport, Flow, Preset


def _cited(data_flow: DataFlow, flow: Flow, preset_name: str) -> list[tuple[str, str]]:
    """(note, where it applies) for each note a cell cites: its condition's footnote where the page
    gives one (it gives none for 'Yes (when applicable)'), then its data type's exceptions where it runs."""
    notes = []
    if flow.condition is not None and flow.condition.footnote:
        notes.append((flow.condition.footnote, flow.condition.cell))
    if flow.state != "no" and data_flow.exceptions:
        notes.append((" ".join(e.note for e in data_flow.exceptions), f"{preset_name}, {data_flow.data_type.label}"))
    return notes


def cell_notes(data_flow: DataFlow, flow: Flow) -> list[str]:
    """The texts of the notes a cell cites."""
    return [text for text, _ in _cited(data_flow, flow, "")]


@dataclass(frozen=True)
class TableNote:
    id: str
    mark: str
    number: int
    text: str
    places: tuple[str, ...]
    """Where the note applies ('CRM, Activities'), for a table of several presets; else empty."""


@dataclass(frozen=True)
class Aside:
    """A contradiction of the help page about the table, with the data type it concerns."""

    label: str
    text: str


@dataclass
class TableNotes:
    """The notes of one table; ``scope`` is an id, unique on the page, for the notes' ids."""

    scope: str
    _places: dict[str, list[str]] = field(default_factory=dict)
    asides: list[Aside] = field(default_factory=list)
    _numbers: dict[str, int] | None = None

    def add(self, text: str, place: str = "") -> None:
        places = self._places.setdefault(text, [])
        if place and place not in places:
            places.append(place)

    def add_preset(self, preset: Preset, *, placed: bool = False) -> None:
        """Every note of a preset's data table; ``placed`` (a table of several presets) says where each applies."""
        for data_flow in preset.flows:
            for flow in (data_flow.imports, data_flow.exports):
                for text, place in _cited(data_flow, flow, preset.name):
                    self.add(text, place if placed else "")
        for inconsistency in preset.inconsistencies:
            data_type = flows_data_type(preset, inconsistency.at)
            if data_type is not None:
                self.asides.append(Aside(f"{preset.name}, {data_type}" if placed else data_type, inconsistency.note))

    def _note(self, number: int, text: str) -> TableNote:
        mark = "*" if len(self._places) == 1 else str(number)
        return TableNote(f"{self.scope}--note-{number}", mark, number, text, tuple(self._places[text]))

    @property
    def notes(self) -> list[TableNote]:
        return [self._note(number, text) for number, text in enumerate(self._places, start=1)]

    def ref(self, text: str) -> Markup:
        """A cell's marker: the visible mark (hidden from screen readers, which read 'note N')."""
        if self._numbers is None or len(self._numbers) != len(self._places):
            self._numbers = {text: number for number, text in enumerate(self._places, start=1)}
        note = self._note(self._numbers[text], text)
        return Markup(
            '<sup class="cp-note-ref"><a class="cp-note-link" href="#{id}" aria-describedby="{id}">'
            '<span aria-hidden="true">{mark}</span><span class="cp-visually-hidden">note {number}</span></a></sup>'
        ).format(id=note.id, mark=note.mark, number=note.number)

    def refs(self, data_flow: DataFlow, flow: Flow) -> Markup:
        return Markup("").join(self.ref(text) for text in cell_notes(data_flow, flow))

    def html(self) -> Markup:
        """The notes as one HTML block for a Markdown page (empty where there are none): each text
        escaped and on one line, since a blank line would end the block."""
        lines = [
            Markup(
                '<p class="cp-note" id="{}"><span class="cp-note-mark" aria-hidden="true">{}</span> '
                '<span class="cp-visually-hidden">Note {}: </span>{}{}</p>'
            ).format(
                note.id,
                note.mark,
                note.number,
                Markup("<strong>{}:</strong> ").format(_line("; ".join(note.places))) if note.places else "",
                _line(note.text),
            )
            for note in self.notes
        ]
        lines += [
            Markup('<p class="cp-note cp-note--page"><strong>{}:</strong> {}</p>').format(
                _line(aside.label), _line(aside.text)
            )
            for aside in self.asides
        ]
        if not lines:
            return Markup("")
        return Markup('<div class="cp-notes">\n{}\n</div>').format(Markup("\n").join(lines))


def flows_data_type(preset: Preset, at: str) -> str | None:
    """The label of the data type a ``flows.<id>...`` path names, if the preset has it."""
    parts = at.split(".")
    if len(parts) < 2 or parts[0] != "flows":
        return None
    return next((f.data_type.label for f in preset.flows if f.data_type.id == parts[1]), None)


def period_inconsistency(preset: Preset, first_import: FirstImport) -> str | None:
    found = preset.inconsistency(f"first_import.{first_import.data_type.id}")
    return found.note if found is not None else None


def other_inconsistencies(preset: Preset) -> list[str]:
    """The page's contradictions that are neither beside a period nor about the table."""
    periods = {f"first_import.{fi.data_type.id}" for fi in preset.first_import}
    return [i.note for i in preset.inconsistencies if i.at not in periods and flows_data_type(preset, i.at) is None]


def _line(text: str) -> str:
    return " ".join(text.split())
