"""`check`: each folder a command wrote, compared with what that command would write now.

Every folder is found to be ours (or refused) before anything is generated; then, one at a time,
what it should hold is generated (the export in memory, the site built in a temporary folder) and
compared file by file (``drift.py``). What is found is handed back; the command line says it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .catalogue.model import Catalog
from .errors import PROGRAM, shown_path
from .output import drift, export

if TYPE_CHECKING:
    from .mkdocs_adapter.build import SiteConfig


@dataclass(frozen=True)
class Output:
    """A folder to check, the command that writes it, and how to make what it should hold."""

    folder: Path
    command: str
    generate: Callable[[Path], drift.Generated]
    """Given a scratch folder (removed afterwards), what would be generated now."""


def export_output(folder: Path, catalog: Catalog) -> Output:
    """The folder `export` writes from ``catalog``."""

    def generate(scratch: Path) -> drift.Generated:
        return drift.Generated.from_files(export.render(catalog))

    return Output(folder, "export", generate)


def site_output(folder: Path, settings: SiteConfig, source: Path | None, catalog: Catalog) -> Output:
    """The folder `build` writes with mkdocs.yml's ``settings`` from ``catalog`` (validated, at ``source``)."""

    def generate(scratch: Path) -> drift.Generated:
        from .mkdocs_adapter.build import build_site  # MkDocs is imported only to check a site

        build_site(settings, scratch / "site", source, validated=catalog)
        return drift.Generated.from_folder(scratch / "site")

    return Output(folder, "build", generate)


@dataclass(frozen=True)
class Comparison:
    """One folder against what would be generated now."""

    output: Output
    on_disk: drift.OnDisk
    generated: drift.Generated
    found: drift.Drift

    @property
    def shown(self) -> str:
        """The folder as messages name it: as it was given."""
        return shown_path(self.output.folder.as_posix())

    def diff_lines(self) -> Iterator[str]:
        """What differs, file by file, with a unified diff (read from disk as it goes)."""
        return drift.diff_lines(self.shown, self.on_disk, self.generated, self.found)

    def refusal(self) -> str | None:
        """Why the command that writes the folder would refuse it now; None when it would not."""
        if not self.found.foreign:
            return None
        count = len(self.found.foreign)
        files = (
            "1 file or folder it did not generate is"
            if count == 1
            else f"{count} files or folders it did not generate are"
        )
        return f"{PROGRAM} {self.output.command} refuses this folder until the {files} moved out of it"


def compare(outputs: Sequence[Output]) -> Iterator[Comparison]:
    """Each output compared in turn; a WriteError (exit 2) before anything is generated when a folder
    is a file or not ours. A site's comparison reads its scratch build: use each before the loop ends."""
    disks = [drift.on_disk(output.folder) for output in outputs]
    with tempfile.TemporaryDirectory() as scratch:
        for output, on_disk in zip(outputs, disks, strict=True):
            generated = output.generate(Path(scratch))
            yield Comparison(output, on_disk, generated, drift.compare(on_disk, generated))
