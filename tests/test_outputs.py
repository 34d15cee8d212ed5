"""Output folders: the tool writes only a folder it can prove it wrote, and a refused run writes nothing.

A folder is ours when it carries a manifest of what was written (with hashes) and holds nothing
else; an empty or missing folder may be written; any other folder is refused and left untouched.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.api import load_catalog
from generator.output import write
from generator.output.export import render

from .conftest import REPO, CliRunner

MANIFEST = ".connect-presets-manifest"


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder`` (hidden ones too): a file's bytes, a link's target, 'folder'."""
    found: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relative] = f"link to {os.readlink(path)}"
            elif path.is_dir():
                found[relative] = "folder"
            else:
                found[relative] = path.read_bytes()
    return found


def export_to(cli: CliRunner, out: Path, *more: object) -> None:
    run = cli("export", "--out", out, *more)
    assert run.code == 0, run.err


# --- §1: a folder of other files is refused and left untouched --------------------------------


def test_export_refuses_a_web_projects_folder_that_holds_an_index_json(cli: CliRunner, tmp_path: Path) -> None:
    public = tmp_path / "public"
    (public / "img").mkdir(parents=True)
    (public / "index.json").write_text('{"app": true}\n')
    (public / "app.js").write_text("start()\n")
    (public / "img" / "logo.png").write_bytes(b"\x89PNG")
    before = snapshot(tmp_path)
    run = cli("export", "--out", public)
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{public}' holds files that were not generated here (no {MANIFEST}): "
        "app.js, img/, index.json; move them out, or give an empty or new folder\n"
    )
    assert snapshot(tmp_path) == before


def test_build_refuses_a_folder_that_holds_an_index_html(cli: CliRunner, tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / "index.html").write_text("<h1>my home page</h1>\n")
    (public / "about.html").write_text("<h1>about me</h1>\n")
    before = snapshot(tmp_path)
    run = cli("build", "--site-dir", public, "--config-file", REPO / "mkdocs.yml")
    assert run.code == 2
    assert "holds files that were not generated here" in run.err and "about.html, index.html" in run.err
    assert snapshot(tmp_path) == before


def test_an_export_carries_a_manifest_of_every_file_and_its_hash(cli: CliRunner, tmp_path: Path) -> None:
    export_to(cli, tmp_path / "a")
    export_to(cli, tmp_path / "b")
    manifest = (tmp_path / "a" / MANIFEST).read_bytes()
    assert manifest == (tmp_path / "b" / MANIFEST).read_bytes()  # deterministic
    files = render(load_catalog())
    assert json.loads(manifest) == {
        "tool": "connect-presets",
        "manifest_version": 1,
        "files": {path: hashlib.sha256(content).hexdigest() for path, content in sorted(files.items())},
    }
    assert manifest.endswith(b"}\n") and manifest.isascii()


def test_an_unchanged_export_rewrites_nothing_not_even_its_manifest(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    assert out / MANIFEST in stamps
    run = cli("export", "--out", out)
    assert (run.code, run.out) == (0, f"{out}: up to date\n")
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == stamps


def test_a_folder_written_by_a_version_without_manifests_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    (out / MANIFEST).unlink()  # what an earlier version of the tool left
    before = snapshot(tmp_path)
    run = cli("export", "--out", out)
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{out}' holds files that were not generated here, or were written by an "
        f"earlier version of connect-presets, which kept no {MANIFEST}: index.json, presets/, schema/; "
        "remove the folder or choose another one\n"
    )
    assert snapshot(tmp_path) == before


def test_a_file_edited_by_hand_is_replaced_and_named(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    crm = out / "presets" / "crm.json"
    generated = crm.read_bytes()
    crm.write_bytes(generated.replace(b'"import": "no"', b'"import": "yes"', 1))
    run = cli("export", "--out", out)
    assert run.code == 0, run.err
    presets = len(load_catalog().presets)
    assert (
        run.out
        == f"{out}: wrote 1 changed file(s) for {presets} presets; replaced 1 file edited by hand: presets/crm.json\n"
    )
    assert crm.read_bytes() == generated
    assert cli("check", "--out", out).code == 0


def test_a_stale_file_is_replaced_without_calling_it_a_hand_edit(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "configs"
    export_to(cli, out, "--source", catalog_copy)
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("name: CRM", "name: CRM renamed"))
    run = cli("export", "--source", catalog_copy, "--out", out)
    presets = len(load_catalog(catalog_copy).presets)
    assert (run.code, run.out) == (0, f"{out}: wrote 2 changed file(s) for {presets} presets\n")


def test_an_export_holding_a_file_it_did_not_write_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    (out / "presets" / "notes.txt").write_text("my notes\n")
    (out / "drafts").mkdir()
    before = snapshot(tmp_path)
    run = cli("export", "--out", out)
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{out}' holds files that were not generated here (not in its {MANIFEST}): "
        "drafts/, presets/notes.txt; move them out, or give an empty or new folder\n"
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        (b"{not json", "it is not JSON"),
        (b'{"tool": "other", "manifest_version": 1, "files": {}}\n', "it was not written by connect-presets"),
        (
            b'{"tool": "connect-presets", "manifest_version": 9, "files": {}}\n',
            "it has manifest version 9, this connect-presets reads version 1; use the version that wrote it",
        ),
        (
            b'{"tool": "connect-presets", "manifest_version": 1, "files": {"../x": "' + b"0" * 64 + b'"}}\n',
            "'../x' is not a path inside the folder",
        ),
        (
            b'{"tool": "connect-presets", "manifest_version": 1, "files": {"index.json": "beef"}}\n',
            "the hash of 'index.json' is not a SHA-256 in hex",
        ),
    ],
    ids=["not-json", "other-tool", "newer-version", "path-outside", "bad-hash"],
)
def test_a_manifest_that_is_not_valid_proves_nothing(
    cli: CliRunner, tmp_path: Path, manifest: bytes, reason: str
) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    (out / MANIFEST).write_bytes(manifest)
    before = snapshot(tmp_path)
    run = cli("export", "--out", out)
    assert run.code == 2
    assert run.err == f"connect-presets: error: '{out}/{MANIFEST}' does not prove the folder is ours: {reason}\n"
    assert snapshot(tmp_path) == before


# --- staging names are literal ------------------------------------------------------------------

NOT_UTF8 = os.fsdecode(b"caf\xe9")


@pytest.mark.parametrize(
    ("target", "neighbour"),
    [("a*", "ab"), ("a?", "ab"), ("[ab]", "a"), ("my out", "my out 2"), (NOT_UTF8, NOT_UTF8 + "x")],
    ids=["star", "question-mark", "bracket", "spaces", "not-utf8"],
)
def test_clean_up_removes_only_this_targets_own_leftovers(
    cli: CliRunner, tmp_path: Path, target: str, neighbour: str
) -> None:
    # A concurrent export to the neighbour is half-way: its staging folder must survive.
    concurrent = tmp_path / f".{neighbour}.staging-0123456789ab"
    (concurrent / "presets").mkdir(parents=True)
    (concurrent / "presets" / "crm.json").write_text("{}\n")
    lookalike = tmp_path / f".{target}.staging-not-a-run"
    lookalike.mkdir()
    killed = tmp_path / f".{target}.staging-00000000abcd"  # a killed run of this very target
    killed.mkdir()
    (killed / ".connect-presets-staging").write_text("")  # the marker every staging folder carries
    (killed / "index.json").write_text("{}\n")
    export_to(cli, tmp_path / target)
    assert concurrent.is_dir() and (concurrent / "presets" / "crm.json").is_file()
    assert lookalike.is_dir()
    assert not killed.exists()
    assert sorted(os.listdir(tmp_path)) == sorted([target, concurrent.name, lookalike.name])


# --- a symbolic link is followed -------------------------------------------------------------------


def test_out_a_link_to_a_folder_writes_the_folder_it_points_to(cli: CliRunner, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    run = cli("export", "--out", link)
    assert run.code == 0, run.err
    catalog = load_catalog()
    written = len(render(catalog))  # every file of the export
    assert run.out == f"{link} (a link to {real}): wrote {written} changed file(s) for {len(catalog.presets)} presets\n"
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real / "index.json").is_file() and (real / MANIFEST).is_file()
    assert sorted(os.listdir(tmp_path)) == ["link", "real"]  # nothing left beside them
    run = cli("export", "--out", link)
    assert (run.code, run.out) == (0, f"{link} (a link to {real}): up to date\n")


def test_out_a_dangling_link_writes_the_folder_it_names(cli: CliRunner, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to("not-yet")
    export_to(cli, link)
    assert link.is_symlink() and (tmp_path / "not-yet" / "index.json").is_file()
    assert sorted(os.listdir(tmp_path)) == ["link", "not-yet"]


def test_a_page_of_a_site_edited_by_hand_is_replaced_and_named(cli: CliRunner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    args = ("build", "--site-dir", site, "--config-file", REPO / "mkdocs.yml")
    assert cli(*args).code == 0
    page = site / "compare" / "index.html"
    page.write_text("<p>my own comparison</p>\n")
    times = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file() and p != page}
    run = cli(*args)
    assert run.code == 0, run.err
    assert run.out == (
        f"{site}: site with {len(load_catalog().presets)} presets and their configs under configs/; "
        "replaced 1 file edited by hand: compare/index.html\n"
    )
    assert "my own comparison" not in page.read_text()
    changed = {p for p in site.rglob("*") if p.is_file() and p != page and p.stat().st_mtime_ns != times.get(p)}
    assert changed == set()  # every other file kept as it was, the manifest too


def test_out_a_link_that_loops_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    run = cli("export", "--out", loop)
    assert run.code == 2
    assert run.err == f"connect-presets: error: '{loop}' is a symbolic link that loops; give a folder\n"
    assert os.listdir(tmp_path) == ["loop"]


# --- a refused run writes nothing -------------------------------------------------------------------


def test_dot_dot_is_resolved_before_the_parent_and_name_are_taken(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "web" / "public").mkdir(parents=True)
    (tmp_path / "web" / "public" / "index.html").write_text("mine\n")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    run = cli("export", "--out", "web/public/..")
    assert run.code == 2
    assert f"'{tmp_path / 'web'}' holds files that were not generated here" in run.err
    assert snapshot(tmp_path) == before  # no lock file, no staging folder


def test_a_refused_run_inside_an_export_leaves_it_up_to_date(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    run = cli("export", "--out", out / "presets")
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{out / 'presets'}' is inside '{out}', an output folder of connect-presets; "
        "write that folder as a whole, or give a folder outside it\n"
    )
    assert cli("check", "--out", out).code == 0  # no lock file was left in it


def test_a_path_through_a_file_or_a_name_too_long_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    run = cli("export", "--out", tmp_path / "notes.txt" / "configs")
    assert (run.code, run.err) == (
        2,
        f"connect-presets: error: '{tmp_path / 'notes.txt'}' is a file, not a folder; give a path of folders\n",
    )
    long = tmp_path / ("a" * 300)
    run = cli("export", "--out", long)
    assert (run.code, run.err) == (2, f"connect-presets: error: cannot look up '{long}': File name too long\n")
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_the_root_folder_is_refused(cli: CliRunner) -> None:
    before = sorted(os.listdir("/"))
    run = cli("export", "--out", "/")
    assert run.code == 2
    assert (
        run.err
        == "connect-presets: error: '/' is the root folder, which has no parent to stage it in; give a folder below it\n"
    )
    assert sorted(os.listdir("/")) == before


def test_missing_parents_are_not_created_for_a_refused_run(cli: CliRunner, catalog_copy: Path) -> None:
    target = catalog_copy / "presets" / "new" / "deeper"
    run = cli("export", "--source", catalog_copy, "--out", target)
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{target}' is inside the catalogue '{catalog_copy}'; "
        "an output folder must be outside every input of the tool\n"
    )
    assert not (catalog_copy / "presets" / "new").exists()
    assert cli("validate", catalog_copy).code == 0


def test_an_output_that_would_contain_the_catalogue_is_refused(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    run = cli("export", "--source", catalog_copy, "--out", tmp_path)
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{tmp_path}' contains the catalogue '{catalog_copy}'; "
        "an output folder must be outside every input of the tool\n"
    )


@pytest.fixture
def project(site_project: Path) -> Path:
    return site_project


@pytest.mark.parametrize(
    ("site_dir", "what"),
    [("site_src/out", "inside the docs folder"), ("examples/out", "inside the examples folder")],
)
def test_a_site_inside_an_input_of_the_build_is_refused(
    cli: CliRunner, project: Path, site_dir: str, what: str
) -> None:
    before = snapshot(project)
    run = cli("build", "--site-dir", project / site_dir, "--config-file", project / "mkdocs.yml")
    assert run.code == 2
    assert f"'{project / site_dir}' is {what} '{project / site_dir.split('/')[0]}'" in run.err
    assert snapshot(project) == before


# --- what cannot be removed is reported -------------------------------------------------------------


def _rmtree_that_fails_on_staging(real: object) -> object:
    def rmtree(path: object, ignore_errors: bool = False, *args: object, **kwargs: object) -> None:
        if ".staging-" in os.fspath(path):  # type: ignore[call-overload]
            if ignore_errors:
                return
            raise OSError(errno.EBUSY, "Device or resource busy", os.fspath(path))  # type: ignore[call-overload]
        real(path, ignore_errors, *args, **kwargs)  # type: ignore[operator]

    return rmtree


def test_an_old_tree_that_cannot_be_removed_is_reported(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    (out / "index.json").write_text("{}\n")
    monkeypatch.setattr(shutil, "rmtree", _rmtree_that_fails_on_staging(shutil.rmtree))
    run = cli("export", "--out", out)
    assert run.code == 0
    [left] = [name for name in os.listdir(tmp_path) if name != "configs"]
    assert run.err == (
        f"connect-presets: warning: could not remove the previous output, now at '{tmp_path / left}': "
        "Device or resource busy; remove it by hand\n"
    )


def test_a_leftover_that_cannot_be_removed_is_reported(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leftover = tmp_path / ".configs.staging-0123456789ab"
    (leftover / "presets").mkdir(parents=True)
    (leftover / ".connect-presets-staging").write_text("")
    monkeypatch.setattr(shutil, "rmtree", _rmtree_that_fails_on_staging(shutil.rmtree))
    run = cli("export", "--out", tmp_path / "configs")
    assert run.code == 0
    assert run.err == (
        f"connect-presets: warning: could not remove the leftover of a run that was stopped, '{leftover}': "
        "Device or resource busy; remove it by hand\n"
    )


def test_read_tree_gives_the_generated_files_without_the_manifest(cli: CliRunner, tmp_path: Path) -> None:
    export_to(cli, tmp_path / "configs")
    assert write.read_tree(tmp_path / "configs") == render(load_catalog())
