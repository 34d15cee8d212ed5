"""`connect-presets diff` on catalogue pairs made here: folders, a git revision, a release and an
export folder; its three formats; the impact on setups; and its bad inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonpatch
import pytest

from tests.conftest import BUNDLED, REPO, CliRunner


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def three_changes(catalog: Path) -> None:
    """One change of each class: a flow turned on (minor), an exception removed (major), a summary reworded (patch)."""
    _edit(
        catalog / "presets/marketplace.yaml",
        "contacts: {import: no, export: no}",
        "contacts: {import: no, export: yes}",
    )
    crm = catalog / "presets/crm.yaml"
    _edit(
        crm,
        "  activities:\n    import: yes\n    export: yes\n    exceptions:\n      - system: tribe-crm\n"
        "        import: no\n        export: no\n        note: Activities are not available in this preset for Tribe CRM.\n",
        "  activities: {import: yes, export: yes}\n",
    )
    _edit(catalog / "presets/analytics.yaml", "summary:", "summary: For analytics systems.\nformer_summary:")


@pytest.fixture
def changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """<tmp>/old (the bundled catalogue), <tmp>/new/catalog with three changes and the examples beside it."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BUNDLED, tmp_path / "old")
    shutil.copytree(BUNDLED, tmp_path / "new/catalog")
    shutil.copytree(REPO / "examples", tmp_path / "new/examples")
    three_changes(tmp_path / "new/catalog")
    return tmp_path


def _analytics_summary_fix(catalog: Path) -> None:
    """three_changes' patch edit, made valid: the summary replaced, not a second key."""
    path = catalog / "presets/analytics.yaml"
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("former_summary:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    path.write_text("".join(lines[:start] + lines[end:]))


@pytest.fixture
def pair(changed: Path) -> Path:
    _analytics_summary_fix(changed / "new/catalog")
    return changed


def test_text_lists_each_change_located_in_the_newer_catalogue(cli: CliRunner, pair: Path) -> None:
    run = cli("diff", "old", "new/catalog")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert (
        "new/catalog/presets/crm.yaml:17:15: major: CRM · Activities · exception for Tribe CRM removed [exception-removed]"
        in lines
    )
    flow = next(line for line in lines if "flow-turned-on" in line)
    file, line, _column, rest = flow.split(":", 3)
    assert file == "new/catalog/presets/marketplace.yaml"
    assert "contacts: {import: no, export: yes}" in (pair / file).read_text().splitlines()[int(line) - 1]
    assert rest.startswith(" minor: Marketplace · Contacts · export: no → yes")
    assert any("patch: Analytics · summary: reworded [preset-summary-changed]" in line for line in lines)
    assert "3 change(s) from old to new/catalog: 1 major, 1 minor, 1 patch; the next version is at least 3.0.0" in lines


def test_the_impact_on_the_examples(cli: CliRunner, pair: Path) -> None:
    out = cli("diff", "old", "new/catalog").out
    assert "impact on 4 setup(s):" in out
    assert (
        "  Webshop with e-fulfilment (new/examples/webshop-with-fulfilment.yaml): planned the same" in out.splitlines()
    )
    assert (
        "    Contacts from Connect to: Mailing tool, Webshop → Mailing tool, Webshop, Marketplace A, Marketplace B"
        in out.splitlines()
    )
    assert "Tribe CRM" in out.split("B2B with CRM", 1)[1].split("Marketplace seller")[0]


def test_more_setups_are_re_planned(cli: CliRunner, pair: Path) -> None:
    extra = pair / "mine"
    extra.mkdir()
    shutil.copy(REPO / "examples/marketplace-seller.yaml", extra / "shop.yaml")
    out = cli("diff", "old", "new/catalog", "--setups", "mine").out
    assert "impact on 5 setup(s):" in out and "(mine/shop.yaml)" in out


def test_json_has_a_patch_for_each_change(cli: CliRunner, pair: Path) -> None:
    run = cli("diff", "old", "new/catalog", "--format", "json")
    data = json.loads(run.out)
    assert data["class"] == "major" and data["unclassified"] == []
    assert {c["rule"] for c in data["changes"]} == {"exception-removed", "flow-turned-on", "preset-summary-changed"}
    exported = pair / "exported"
    assert cli("export", "--source", "old", "--out", exported).code == 0
    for change in data["changes"]:
        before = json.loads((exported / change["file"]).read_text())
        after = jsonpatch.apply_patch(before, change["patch"])
        if change["new"] is not None:
            assert jsonpatch.JsonPointer(change["old_pointer"]).resolve(after) == change["new"]
        assert change["location"]["file"].startswith("new/catalog/presets/")
    assert [a["account"] for a in data["impact"]][:1] == ["B2B with CRM"]


def test_markdown_for_a_pull_request(cli: CliRunner, pair: Path) -> None:
    out = cli("diff", "old", "new/catalog", "--format", "markdown").out
    assert out.startswith("### Catalogue changes: old → new/catalog\n")
    sections = [line for line in out.splitlines() if line.startswith("#### ")]
    assert sections == [
        "#### Breaking changes (major)",
        "#### Additions (minor)",
        "#### Wording (patch)",
        "#### Impact on setups",
    ]
    assert "- CRM · Activities · exception for Tribe CRM removed `exception-removed`" in out


def test_a_git_revision_is_a_side(cli: CliRunner, pair: Path) -> None:
    repo = pair / "new"
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    shutil.rmtree(repo / "catalog")
    shutil.copytree(BUNDLED, repo / "catalog")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "bundled"], check=True)
    three_changes(repo / "catalog")
    _analytics_summary_fix(repo / "catalog")
    run = cli("diff", "HEAD", "new/catalog")
    assert run.code == 0, run.err
    assert "3 change(s) from git HEAD to new/catalog: 1 major, 1 minor, 1 patch" in run.out


def test_an_export_folder_is_a_side_without_impact(cli: CliRunner, pair: Path) -> None:
    assert cli("export", "--source", "new/catalog", "--out", "new-export").code == 0
    run = cli("diff", "old", "new-export")
    assert run.code == 0, run.err
    assert "new-export/presets/crm.json:1:1: major: CRM · Activities · exception for Tribe CRM removed" in run.out
    assert "impact on setups: not known, a side is an export without its catalogue" in run.out


def test_a_change_no_rule_covers_fails_the_diff(cli: CliRunner, pair: Path) -> None:
    assert cli("export", "--source", "old", "--out", "edited").code == 0
    path = pair / "edited/presets/crm.json"
    document = json.loads(path.read_text())
    document["shipping_zones"] = ["EU"]
    path.write_text(json.dumps(document))
    run = cli("diff", "old", "edited")
    assert run.code == 1
    assert (
        "edited/presets/crm.json:1:1: error: a change the change table does not classify: added in presets/crm.json at /shipping_zones [unclassified]"
        in run.out
    )


def test_an_invalid_side_shows_its_problems(cli: CliRunner, changed: Path) -> None:
    run = cli("diff", "old", "new/catalog")  # the analytics preset has an unknown key
    assert run.code == 1
    assert "new/catalog/presets/analytics.yaml:" in run.err and "new/catalog not compared" in run.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("nowhere", "old"), "'nowhere' is not a catalogue folder, a release folder, an export folder"),
        (("9.9.9", "old"), "no release 9.9.9 in "),
        (("old", "old", "--setups", "missing"), "--setups missing: not a folder of setup files"),
    ],
)
def test_bad_sides_get_one_clear_line(cli: CliRunner, pair: Path, args: tuple[str, ...], said: str) -> None:
    run = cli("diff", *args)
    assert run.code == 2, run.err
    assert said in run.err and "Traceback" not in run.err
