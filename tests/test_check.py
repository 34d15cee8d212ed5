"""`connect-presets check`: generated files edited by hand or left stale are found, with a diff."""

from __future__ import annotations

import json
from pathlib import Path

from generator.write import read_tree

from .conftest import REPO, CliRunner


def test_an_untouched_export_is_up_to_date(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    assert cli("export", "--out", out).code == 0
    run = cli("check", "--out", out)
    assert (run.code, run.out) == (0, f"{out}: up to date\n")


def test_a_hand_edit_is_drift_with_a_diff_and_its_own_exit_code(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    assert cli("export", "--out", out).code == 0
    crm = out / "presets" / "crm.json"
    edited = json.loads(crm.read_text())
    edited["flows"]["orders"]["import"] = "yes"
    crm.write_text(json.dumps(edited, indent=2) + "\n")
    (out / "presets" / "stray.json").write_text("{}\n")
    (out / "presets" / "fulfilment.json").unlink()
    before = read_tree(out)

    run = cli("check", "--out", out)
    assert run.code == 3
    lines = run.out.splitlines()
    assert f"missing: {out.as_posix()}/presets/fulfilment.json" in lines
    assert f"not generated: {out.as_posix()}/presets/stray.json" in lines
    assert f"--- {out.as_posix()}/presets/crm.json (on disk)" in lines
    assert f"+++ {out.as_posix()}/presets/crm.json (generated)" in lines
    assert '-      "import": "yes",' in lines and '+      "import": "no",' in lines
    assert "not up to date (1 changed, 1 missing, 1 not generated); run connect-presets export" in run.err
    assert read_tree(out) == before  # check never writes


def test_a_site_edited_by_hand_is_drift(cli: CliRunner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    args = ("--site-dir", site, "--config-file", REPO / "mkdocs.yml")
    assert cli("build", *args).code == 0
    assert cli("check", *args).code == 0
    page = site / "presets" / "crm" / "index.html"
    page.write_text(page.read_text().replace("Tribe CRM", "Another CRM"))
    run = cli("check", *args)
    assert run.code == 3
    assert "-" in run.out and "Tribe CRM" in run.out and "presets/crm/index.html (generated)" in run.out


def test_check_on_an_invalid_catalogue_is_invalid_not_drift(cli: CliRunner, catalog_copy: Path, tmp_path: Path) -> None:
    (catalog_copy / "presets" / "crm.yaml").write_text("id: [\n")
    assert cli("check", "--source", catalog_copy, "--out", tmp_path).code == 1


def test_check_needs_something_to_compare(cli: CliRunner) -> None:
    run = cli("check")
    assert run.code == 2 and "needs --out DIR, --site-dir DIR or both" in run.err
