"""Releases and the gate, on a catalogue copy with its own releases folder: `release` stores an
immutable release; `validate` (and `release`) refuse a version bump smaller than the changes since
the last release, and a major change without its migration note, as located problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.versions import store
from tests.conftest import CliRunner

EXCEPTION = (
    "  activities:\n    import: yes\n    export: yes\n    exceptions:\n      - system: tribe-crm\n"
    "        import: no\n        export: no\n        note: Activities are not available in this preset for Tribe CRM.\n"
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def _version(catalog: Path, version: str) -> None:
    _edit(catalog / "catalog.yaml", "version: 2.0.0", f"version: {version}")


def _major(catalog: Path) -> None:
    _edit(catalog / "presets/crm.yaml", EXCEPTION, "  activities: {import: yes, export: yes}\n")


def _minor(catalog: Path) -> None:
    _edit(
        catalog / "presets/marketplace.yaml",
        "contacts: {import: no, export: no}",
        "contacts: {import: no, export: yes}",
    )


def _note(catalog: Path, version: str, at: str) -> None:
    _edit(
        catalog / "catalog.yaml",
        f"version: {version}\n",
        f"version: {version}\nchangelog:\n  - version: {version}\n    summary: Tribe CRM's activities flow.\n"
        f"    breaking:\n      - at: {at}\n        reason: Tribe CRM now offers activities.\n"
        "        action: Expect activities from and to Tribe CRM connectors.\n",
    )


@pytest.fixture
def released(catalog_copy: Path, cli: CliRunner) -> Path:
    run = cli("release", "--source", catalog_copy, "--date", "2026-12-03")
    assert run.code == 0, run.err
    assert "released 2.0.0 (first release, 0 change(s))" in run.err
    return catalog_copy


def test_the_first_release_is_stored_whole(released: Path) -> None:
    (release,) = store.read_releases(released.parent / "releases")
    assert (release.version, release.previous, release.change_class, release.date) == (
        "2.0.0",
        None,
        None,
        "2026-12-03",
    )
    assert "index.json" in release.configs() and "presets/crm.json" in release.configs()
    assert (release.catalog / "catalog.yaml").read_bytes() == (released / "catalog.yaml").read_bytes()
    record = json.loads((release.folder / "release.json").read_text())
    assert record["summary"] == "The first release of the catalogue." and record["changes"] == []


def test_an_unchanged_catalogue_passes_the_gate(released: Path, cli: CliRunner) -> None:
    run = cli("validate", released)
    assert run.code == 0, run.out


def test_a_change_without_a_new_version_is_refused(released: Path, cli: CliRunner) -> None:
    _minor(released)
    run = cli("validate", released)
    assert run.code == 1
    assert (
        "catalog/catalog.yaml:7:10: $.version: error: the catalogue has changed since release 2.0.0 "
        "(Marketplace · Contacts · export: no → yes) but its version is still 2.0.0; write version: 2.1.0 "
        "[version-not-raised]"
    ) in run.out


def test_a_patch_bump_over_a_major_change_is_refused(released: Path, cli: CliRunner) -> None:
    _major(released)
    _version(released, "2.0.1")
    run = cli("validate", released)
    assert run.code == 1
    assert (
        "catalog/catalog.yaml:7:10: $.version: error: a patch step from 2.0.0 is too small for a major change "
        "(CRM · Activities · exception for Tribe CRM removed [exception-removed]); write version: 3.0.0 "
        "[version-too-small]"
    ) in run.out
    assert (
        "catalog/presets/crm.yaml:17:15: $.flows.activities.exceptions: error: a major change needs a migration note: "
        "CRM · Activities · exception for Tribe CRM removed; add to a changelog entry for 3.0.0 in catalog.yaml: "
        "breaking: [{at: crm.flows.activities.exceptions.tribe-crm, reason: <why>, action: <what a consumer must do>}] "
        "[migration-note-missing]"
    ) in run.out
    assert cli("release", "--source", released).code == 1
    assert [r.version for r in store.read_releases(released.parent / "releases")] == ["2.0.0"]  # nothing written


def test_a_major_bump_needs_its_migration_note(released: Path, cli: CliRunner) -> None:
    _major(released)
    _version(released, "3.0.0")
    run = cli("validate", released)
    assert run.code == 1
    assert "[version-too-small]" not in run.out and "[migration-note-missing]" in run.out


@pytest.mark.parametrize("at", ["crm.flows.activities.exceptions.tribe-crm", "crm.flows", "crm"])
def test_the_right_bump_with_its_note_is_accepted_and_released(released: Path, cli: CliRunner, at: str) -> None:
    _major(released)
    _version(released, "3.0.0")
    _note(released, "3.0.0", at)
    assert cli("validate", released).code == 0
    run = cli("release", "--source", released, "--date", "2026-12-04")
    assert run.code == 0, run.err
    latest = store.read_releases(released.parent / "releases")[-1]
    assert (latest.version, latest.previous, latest.change_class) == ("3.0.0", "2.0.0", "major")
    assert latest.summary == "Tribe CRM's activities flow."
    assert [(c.rule, c.text) for c in latest.changes] == [
        ("exception-removed", "CRM · Activities · exception for Tribe CRM removed")
    ]
    assert latest.breaking == (
        store.Breaking(at, "Tribe CRM now offers activities.", "Expect activities from and to Tribe CRM connectors."),
    )


def test_a_note_for_another_place_does_not_cover_it(released: Path, cli: CliRunner) -> None:
    _major(released)
    _version(released, "3.0.0")
    _note(released, "3.0.0", "crm.flows.contacts")
    assert "[migration-note-missing]" in cli("validate", released).out


def test_a_minor_change_takes_a_minor_bump(released: Path, cli: CliRunner) -> None:
    _minor(released)
    _version(released, "2.0.1")
    assert "write version: 2.1.0 [version-too-small]" in cli("validate", released).out
    _edit(released / "catalog.yaml", "version: 2.0.1", "version: 2.1.0")
    assert cli("validate", released).code == 0
    assert cli("release", "--source", released, "--date", "2026-12-05").code == 0
    assert store.read_releases(released.parent / "releases")[-1].change_class == "minor"


def test_a_version_behind_the_last_release_is_refused(released: Path, cli: CliRunner) -> None:
    _minor(released)
    _version(released, "1.9.0")
    assert (
        "version 1.9.0 is not after the newest release, 2.0.0; write version: 2.1.0 [version-behind]"
        in cli("validate", released).out
    )


def test_a_release_is_never_made_twice(released: Path, cli: CliRunner) -> None:
    before = {p: p.read_bytes() for p in (released.parent / "releases").rglob("*") if p.is_file()}
    run = cli("release", "--source", released)
    assert run.code == 1
    assert "2.0.0 is released already" in run.err
    assert {p: p.read_bytes() for p in (released.parent / "releases").rglob("*") if p.is_file()} == before


def test_a_changed_release_is_refused(released: Path, cli: CliRunner) -> None:
    index = released.parent / "releases/2.0.0/configs/index.json"
    index.write_text(index.read_text().replace('"Orders"', '"Sales"'))
    run = cli("validate", released)
    assert run.code == 1
    assert "configs/index.json changed since the release 2.0.0 was made; a release is never edited" in run.err
    assert "Traceback" not in run.err


def test_diff_since_the_last_release(released: Path, cli: CliRunner) -> None:
    _minor(released)
    run = cli("diff", "2.0.0", "catalog")
    assert run.code == 0, run.err
    assert (
        "1 change(s) from release 2.0.0 to catalog: 0 major, 1 minor, 0 patch; the next version is at least 2.1.0"
        in run.out
    )


def test_a_bad_date_is_refused(catalog_copy: Path, cli: CliRunner) -> None:
    run = cli("release", "--source", catalog_copy, "--date", "3 December")
    assert run.code == 2 and "--date must be a day written YYYY-MM-DD" in run.err
    assert not (catalog_copy.parent / "releases").exists()
