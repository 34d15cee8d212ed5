"""Outputs touch only what is ours, even while a run is under way: files added to the target during
a run are kept, folders merely named like ours are left alone, a refused or failed run leaves no
folder behind, the target keeps its permissions, and every valid name can be written."""

from __future__ import annotations

import errno
import grp
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.output import staging, write
from generator.output.write import read_tree

from .conftest import REPO, CliRunner
from .test_outputs import MANIFEST, export_to, snapshot

MARKER = ".connect-presets-staging"


def _without_exchange(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Run the swap by renameat2's exchange, or by the two renames used where it is missing."""
    if how == "two-renames":
        monkeypatch.setattr(staging, "_exchange", lambda a, b: False)


def _before_the_swap(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[Path], None]) -> None:
    """Do ``meanwhile(target)`` just before the staged tree is swapped in, as a user might during a run."""
    real_swap = staging.swap

    def swap(built: Path, target: Path) -> Path | None:
        meanwhile(target)
        return real_swap(built, target)

    monkeypatch.setattr(staging, "swap", swap)


def _beside(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder.parent) if name != folder.name)


# --- 1. a file added while a run is under way is kept ------------------------------------------


@pytest.mark.parametrize("how", ["exchange", "two-renames"])
def test_a_file_added_to_an_export_during_the_run_is_kept_and_named(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    (out / "index.json").write_text("{}\n")  # so that the next run swaps
    _without_exchange(monkeypatch, how)
    _before_the_swap(monkeypatch, lambda target: (target / "precious.txt").write_text("precious\n"))
    run = cli("export", "--out", out)
    assert run.code == 0, run.err
    [kept] = _beside(out)
    assert run.err == (
        f"connect-presets: warning: precious.txt were added to '{out}' while connect-presets wrote it; "
        f"they are kept in '{tmp_path / kept}', with the previous output; move them out and remove that folder\n"
    )
    assert (tmp_path / kept / "precious.txt").read_text() == "precious\n"
    assert (tmp_path / kept / "index.json").read_text() == "{}\n"  # the previous output, whole
    assert cli("check", "--out", out).code == 0
    # The kept folder is not ours to remove: the next run leaves it alone and says so.
    (out / "index.json").write_text("{}\n")
    monkeypatch.undo()
    run = cli("export", "--out", out)
    assert run.code == 0
    assert run.err == (
        f"connect-presets: warning: left '{tmp_path / kept}' alone: it is named like a staging folder of "
        "connect-presets but holds files connect-presets did not write: precious.txt; "
        "move what you need out of it and remove it\n"
    )
    assert (tmp_path / kept / "precious.txt").read_text() == "precious\n"


def test_a_folder_made_at_a_new_target_during_the_first_run_is_kept(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "configs"

    def make_it(target: Path) -> None:
        target.mkdir()
        (target / "thesis.txt").write_text("chapter 1\n")

    _before_the_swap(monkeypatch, make_it)
    run = cli("export", "--out", out)
    assert run.code == 0, run.err
    [kept] = _beside(out)
    assert run.err.startswith("connect-presets: warning: thesis.txt were added to ")
    assert (tmp_path / kept / "thesis.txt").read_text() == "chapter 1\n"
    assert (out / "index.json").is_file()


def test_a_file_added_to_a_site_during_the_build_is_kept(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    args = ("build", "--site-dir", site, "--config-file", REPO / "mkdocs.yml")
    assert cli(*args).code == 0
    assert MARKER not in snapshot(site)  # the staging folder's marker never reaches an output
    (site / "index.html").write_text("edited\n")
    _before_the_swap(monkeypatch, lambda target: (target / "precious.txt").write_text("precious\n"))
    run = cli(*args)
    assert run.code == 0, run.err
    [kept] = _beside(site)
    assert (
        f"connect-presets: warning: precious.txt were added to '{site}' while connect-presets wrote it; "
        f"they are kept in '{tmp_path / kept}'" in run.err
    )
    assert (tmp_path / kept / "precious.txt").read_text() == "precious\n"
    assert MARKER not in snapshot(site) and "precious.txt" not in snapshot(site)


# --- 2. a folder named like a staging folder must prove it is ours --------------------------------


def test_a_users_folder_named_like_a_staging_folder_is_left_alone(cli: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / ".out1.staging-0123456789ab"
    mine.mkdir()
    (mine / "thesis.txt").write_text("chapter 1\n")
    run = cli("export", "--out", tmp_path / "out1")
    assert run.code == 0
    assert run.err == (
        f"connect-presets: warning: left '{mine}' alone: it is named like a staging folder of connect-presets "
        f"but carries neither {MARKER} nor {MANIFEST}; move what you need out of it and remove it\n"
    )
    assert (mine / "thesis.txt").read_text() == "chapter 1\n"


def test_leftovers_that_prove_they_are_ours_are_removed(cli: CliRunner, tmp_path: Path) -> None:
    killed = tmp_path / ".out1.staging-00000000abcd"  # a run killed while it staged
    (killed / "presets").mkdir(parents=True)
    (killed / MARKER).write_text("")
    (killed / "presets" / "crm.json").write_text("{}\n")
    moved_aside = tmp_path / ".out1.staging-00000000abce"  # an old tree moved aside by the two renames
    export_to(cli, moved_aside)
    empty = tmp_path / ".out1.staging-00000000abcf"  # killed between creating the folder and marking it
    empty.mkdir()
    run = cli("export", "--out", tmp_path / "out1")
    assert (run.code, run.err) == (0, "")
    assert os.listdir(tmp_path) == ["out1"]


def test_the_marker_is_written_first_and_removed_before_the_swap(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real_stage = staging.stage

    def stage(built: Path, *args: object) -> None:
        seen.append((built / MARKER).is_file())
        real_stage(built, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(staging, "stage", stage)
    _before_the_swap(monkeypatch, lambda target: None)
    export_to(cli, tmp_path / "out1")
    assert seen == [True]
    assert MARKER not in snapshot(tmp_path / "out1")


# --- 3. a refused or failed run leaves no folder behind --------------------------------------------


def test_a_run_refused_inside_an_output_creates_no_folder(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out1"
    export_to(cli, out)
    before = snapshot(tmp_path)
    run = cli("export", "--out", out / "newdir" / "sub")
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{out / 'newdir' / 'sub'}' is inside '{out}', an output folder of "
        "connect-presets; write that folder as a whole, or give a folder outside it\n"
    )
    assert snapshot(tmp_path) == before
    assert cli("export", "--out", out).code == 0


def test_a_failed_export_removes_the_parent_folders_it_created(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kept").mkdir()

    def disk_full(folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "_flush_to_disk", disk_full)
    run = cli("export", "--out", tmp_path / "kept" / "new" / "deeper" / "configs")
    # The disk refused the output: its own exit code, not a usage error.
    assert run.code == 4 and "No space left on device" in run.err
    assert os.listdir(tmp_path) == ["kept"] and os.listdir(tmp_path / "kept") == []


def test_a_build_the_disk_refuses_is_exit_4_and_names_the_site_not_the_file_copied(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs.commands.build

    def full_disk(config: object) -> None:
        # MkDocs copying a theme file when the disk fills: the error names the file it copied from.
        raise OSError(errno.ENOSPC, "No space left on device", str(REPO / "site_src" / "javascripts" / "planner.js"))

    monkeypatch.setattr(mkdocs.commands.build, "build", full_disk)
    target = tmp_path / "new" / "site"
    run = cli("build", "--site-dir", target, "--config-file", REPO / "mkdocs.yml")
    assert run.code == 4
    assert (
        run.err.splitlines()[-1]
        == f"connect-presets: error: cannot write the site to '{target}': No space left on device"
    )
    assert os.listdir(tmp_path) == []


def test_an_export_refused_for_a_reason_of_the_path_stays_a_usage_error(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(folder: Path) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(write, "_flush_to_disk", denied)
    run = cli("export", "--out", tmp_path / "configs")
    assert run.code == 2 and "Permission denied" in run.err


def test_a_failed_build_removes_the_parent_folders_it_created(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs.commands.build
    from mkdocs.exceptions import Abort

    def failing_build(config: object) -> None:
        raise Abort("Aborted with a BuildError!")

    monkeypatch.setattr(mkdocs.commands.build, "build", failing_build)
    run = cli("build", "--site-dir", tmp_path / "new" / "site", "--config-file", REPO / "mkdocs.yml")
    assert run.code == 1 and "site not built" in run.err
    assert os.listdir(tmp_path) == []


def test_a_failed_second_rename_puts_the_old_tree_back(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    (out / "index.json").write_text("{}\n")
    before = snapshot(tmp_path)
    _without_exchange(monkeypatch, "two-renames")
    real_rename = os.rename
    failed: list[object] = []

    def rename(source: object, destination: object) -> None:
        if os.fspath(destination) == str(out) and not failed:  # type: ignore[call-overload]
            failed.append(source)  # the new tree's rename into place; putting the old one back works
            raise OSError(errno.EIO, "Input/output error", os.fspath(source))  # type: ignore[call-overload]
        real_rename(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    run = cli("export", "--out", out)
    assert run.code == 4 and "Input/output error" in run.err  # the disk failed: exit 4
    assert len(failed) == 1
    assert snapshot(tmp_path) == before


# --- 4. the target keeps its permissions; a folder we may not write is refused ---------------------


@pytest.mark.parametrize("how", ["exchange", "two-renames"])
def test_the_target_keeps_its_mode_owner_and_group(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    out = tmp_path / "configs"
    out.mkdir()
    nogroup = grp.getgrnam("nogroup").gr_gid
    os.chown(out, os.getuid(), nogroup)
    os.chmod(out, 0o2775)
    _without_exchange(monkeypatch, how)
    for _ in range(2):  # the first run replaces an empty folder, the second an export
        export_to(cli, out)
        (out / "index.json").write_text("{}\n")
        info = os.stat(out)
        assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (0o2775, os.getuid(), nogroup)


def test_a_target_this_user_may_not_write_into_is_refused(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "configs"
    export_to(cli, out)
    (out / "index.json").write_text("{}\n")
    os.chmod(out, 0o555)
    before = snapshot(tmp_path)
    real_access = os.access
    # As root os.access is always true: answer as it would for another user.
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: path != out and real_access(path, mode, **kw))
    run = cli("export", "--out", out)
    assert run.code == 2
    assert run.err == (
        f"connect-presets: error: '{out}' is a folder this user may not write into (mode 0555); "
        "give it write permission or choose another folder\n"
    )
    assert snapshot(tmp_path) == before


def test_a_parent_folder_that_refuses_the_staging_folder_is_named(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_mkdir = os.mkdir

    def mkdir(path: object, *args: object, **kwargs: object) -> None:
        if ".staging-" in os.fspath(path):  # type: ignore[call-overload]
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[call-overload]
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", mkdir)
    run = cli("export", "--out", tmp_path / "configs")
    assert (run.code, run.err) == (2, f"connect-presets: error: cannot write '{tmp_path}': Permission denied\n")
    assert os.listdir(tmp_path) == []


# --- 5. every valid target name can be written ----------------------------------------------------


@pytest.mark.parametrize("name", ["a" * 255, "é" * 127, "a" * 233, "a" * 234], ids=["255", "254-utf8", "233", "234"])
def test_a_staging_name_fits_for_every_valid_target_name(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    built = staging.new_staging(target)
    assert len(os.fsencode(built.name)) <= 255
    assert staging.is_staging_of(built.name, target)
    assert not staging.is_staging_of(built.name, tmp_path / (name[:-1] + "b"))
    assert not staging.is_staging_of(built.name, tmp_path / name[:-1])


def test_a_target_name_of_255_bytes_is_written(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / ("a" * 255)
    export_to(cli, out)
    (out / "index.json").write_text("{}\n")
    export_to(cli, out)
    assert os.listdir(tmp_path) == [out.name]
    assert cli("check", "--out", out).code == 0
    assert set(read_tree(out)) >= {"index.json"}
