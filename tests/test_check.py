"""`connect-presets check`: generated files edited by hand or left stale are found, with a diff."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from generator import load_catalog
from generator.output.export import render
from generator.output.write import read_tree

from .conftest import REPO, CliRunner, Run


def peak_memory(cli: CliRunner, *args: object) -> tuple[int, Run]:
    """The most memory Python held while the command ran, and the run."""
    tracemalloc.start()
    try:
        run = cli(*args)
        return tracemalloc.get_traced_memory()[1], run
    finally:
        tracemalloc.stop()


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
    assert f"edited by hand: {out.as_posix()}/presets/crm.json" in lines
    assert f"--- {out.as_posix()}/presets/crm.json (on disk)" in lines
    assert f"+++ {out.as_posix()}/presets/crm.json (generated)" in lines
    assert '-      "import": "yes",' in lines and '+      "import": "no",' in lines
    assert run.err == (
        f"{out}: not up to date (1 edited by hand, 1 missing, 1 not generated); run connect-presets export\n"
        f"{out}: connect-presets export refuses this folder until the 1 file or folder it did not generate is moved out of it\n"
    )
    assert read_tree(out) == before  # check never writes


def test_a_stale_file_is_told_apart_from_a_hand_edit(cli: CliRunner, catalog_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    assert cli("export", "--source", catalog_copy, "--out", out).code == 0
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("name: CRM\n", "name: CRM renamed\n"))
    (catalog_copy / "presets" / "activities.yaml").unlink()
    catalog = catalog_copy / "catalog.yaml"
    text = catalog.read_text().replace("  - activities\n", "", 1)
    catalog.write_text(text.replace("presets: [activities, analytics]", "presets: [analytics]", 1))
    run = cli("check", "--source", catalog_copy, "--out", out)
    assert run.code == 3, run.err
    lines = run.out.splitlines()
    assert f"stale: {out.as_posix()}/presets/crm.json" in lines
    assert f"stale: {out.as_posix()}/index.json" in lines
    assert f"no longer generated: {out.as_posix()}/presets/activities.json" in lines
    assert not any(line.startswith("edited by hand:") for line in lines)
    assert run.err == f"{out}: not up to date (3 stale); run connect-presets export\n"


def test_a_large_difference_is_named_not_shown_and_read_in_bounded_memory(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    assert cli("export", "--out", out).code == 0
    crm = out / "presets" / "crm.json"
    crm.write_text(crm.read_text() + " ")
    small, _ = peak_memory(cli, "check", "--out", out)
    with open(crm, "r+b") as file:
        file.truncate(64 * 1024 * 1024)  # sparse: takes no disk, but 64 MiB to read
    peak, run = peak_memory(cli, "check", "--out", out)
    assert run.code == 3
    assert f"edited by hand: {out.as_posix()}/presets/crm.json" in run.out.splitlines()
    assert f"differs, too large to show: {out.as_posix()}/presets/crm.json (67108864 bytes on disk" in run.out
    assert peak < small + 8 * 1024 * 1024  # the file is hashed in pieces, never read whole


def test_check_refuses_a_folder_it_did_not_write(cli: CliRunner, tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / "index.html").write_text("mine\n")
    (public / "video.mp4").write_bytes(b"")
    small, _ = peak_memory(cli, "check", "--out", public)
    with open(public / "video.mp4", "wb") as file:
        file.truncate(64 * 1024 * 1024)
    peak, run = peak_memory(cli, "check", "--out", public)
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{public}' holds files that were not generated here (no .connect-presets-manifest): "
        "index.html, video.mp4; check only a folder that export or build wrote\n"
    )
    assert peak < small + 8 * 1024 * 1024  # refused without reading it


def test_check_refuses_the_root_folder_without_reading_it(cli: CliRunner) -> None:
    run = cli("check", "--out", "/")
    assert run.code == 2
    assert run.err.startswith("connect-presets: error: '/' holds files that were not generated here")
    assert run.err.count("\n") == 1


def test_check_refuses_a_regular_file(cli: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("mine\n")
    run = cli("check", "--out", file)
    assert run.code == 2
    assert (
        run.err
        == f"connect-presets: error: '{file}' is a file, not a folder; give the folder that export or build wrote\n"
    )


def test_a_folder_that_does_not_exist_is_all_missing(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("check", "--out", tmp_path / "nothing")
    assert run.code == 3
    assert f"missing: {(tmp_path / 'nothing').as_posix()}/index.json" in run.out.splitlines()
    assert f"({len(render(load_catalog()))} missing)" in run.err  # every file an export writes


def test_the_configs_of_a_site_are_part_of_the_site(cli: CliRunner, built_site: Path) -> None:
    run = cli("check", "--out", built_site / "configs")
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{built_site / 'configs'}' is inside '{built_site}', an output folder of "
        "connect-presets; check that folder as a whole\n"
    )


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
    assert run.code == 2 and "needs --out DIR, --site-dir DIR, --schema-dir DIR or more than one" in run.err
