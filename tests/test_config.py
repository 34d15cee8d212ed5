"""One catalogue, one config, whichever command runs: `build`, `check` and `mkdocs build` read the
catalogue (the plugin's `catalog`) and `site_dir` from the same mkdocs.yml, each relative to it;
flags override them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, CliRunner


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A site project whose mkdocs.yml names its own catalogue (data/catalog) and site folder (public)."""
    root = tmp_path / "project"
    root.mkdir()
    config = (REPO / "mkdocs.yml").read_text()
    assert "site_dir: site\n" in config and "      catalog: catalog\n" in config
    config = config.replace("site_dir: site\n", "site_dir: public\n")
    config = config.replace("      catalog: catalog\n", "      catalog: data/catalog\n")
    (root / "mkdocs.yml").write_text(config)
    for folder in ("site_src", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copytree(REPO / "catalog", root / "data" / "catalog")
    crm = root / "data" / "catalog" / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("name: CRM\n", "name: CRM of this project\n"))
    return root


def crm_page(site: Path) -> str:
    return (site / "presets" / "crm" / "index.html").read_text(encoding="utf-8")


def test_build_uses_the_catalogue_and_site_dir_that_mkdocs_yml_names(
    cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    run = cli("build")
    assert run.code == 0, run.err
    assert run.out == "public: site with 8 presets and their configs under configs/\n"  # named from the working folder
    assert "CRM of this project" in crm_page(project / "public")
    assert not (project / "site").exists()
    # check reads the same settings: the site just built is up to date.
    run = cli("check", "--site-dir", "public")
    assert (run.code, run.out) == (0, "public: up to date\n"), run.err


def test_site_dir_is_relative_to_mkdocs_yml_not_to_the_working_folder(
    cli: CliRunner, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run = cli("build", "--config-file", project / "mkdocs.yml")
    assert run.code == 0, run.err
    assert "CRM of this project" in crm_page(project / "public")
    assert list(elsewhere.iterdir()) == []


def test_flags_override_mkdocs_yml(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    site = tmp_path / "flags"
    run = cli("build", "--config-file", project / "mkdocs.yml", "--site-dir", site, "--source", REPO / "catalog")
    assert run.code == 0, run.err
    assert "CRM of this project" not in crm_page(site) and "CRM" in crm_page(site)
    assert not (project / "public").exists()


def test_check_validates_the_catalogue_mkdocs_yml_names(cli: CliRunner, project: Path) -> None:
    crm = project / "data" / "catalog" / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("orders: {import: no", "orders: {import: maybe"))
    run = cli("check", "--site-dir", project / "public", "--config-file", project / "mkdocs.yml")
    assert run.code == 1
    assert f"{crm.as_posix()}:10:20: $.flows.orders.import: error: 'maybe' is not a known state" in run.err
    assert "catalogue invalid: 1 error(s), 0 warning(s)" in run.err and "site not built" not in run.err


@pytest.mark.parametrize("command", [("build",), ("check", "--site-dir", "site")])
def test_a_missing_config_file_says_so(cli: CliRunner, tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = tmp_path / "nope.yml"
    run = cli(*command, "--config-file", missing)
    assert run.code == 2
    assert run.err == f"connect-presets: error: no such config file: '{missing}'\n"


def test_the_readme_build_from_the_project_root_writes_site(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, tmp_path / name)
    for folder in ("site_src", "templates", "catalog", "examples"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    run = cli("build")
    assert run.code == 0, run.err
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "configs" / "index.json").is_file()


def test_without_a_mkdocs_yml_here_the_bundled_site_is_built_into_site_here(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("build")
    assert run.code == 0, run.err
    assert run.out == "site: site with 8 presets and their configs under configs/\n"
    assert sorted(os.listdir(tmp_path)) == ["site"]


@pytest.mark.parametrize("command", [["build"], ["check", "--site-dir", "public"]])
def test_the_catalogue_is_validated_once_per_run(
    cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    from generator import cli as command_line
    from generator.catalogue import validate
    from generator.mkdocs_adapter import plugin as mkdocs_plugin

    monkeypatch.chdir(project)
    calls: list[Path] = []

    def counted(path: Path | str | None = None) -> validate.Report:
        calls.append(Path(path) if path is not None else Path("<bundled>"))
        return validate.validate(path)

    monkeypatch.setattr(command_line, "validate", counted)
    monkeypatch.setattr(mkdocs_plugin, "validate", counted)
    run = cli(*command)
    assert run.code in (0, 3), run.err
    assert [p.resolve() for p in calls] == [(project / "data" / "catalog").resolve()]


@pytest.mark.parametrize("given", [True, False], ids=["--config-file", "./mkdocs.yml"])
@pytest.mark.parametrize("kind", ["pipe", "folder", "broken-link"])
def test_a_config_that_is_not_a_regular_file_is_refused(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: bool, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "mkdocs.yml"
    if kind == "pipe":
        os.mkfifo(config)  # opening it would wait for a writer forever
    elif kind == "folder":
        config.mkdir()
    else:
        config.symlink_to("nowhere.yml")
    run = cli("build", *(["--config-file", "mkdocs.yml"] if given else []))
    assert run.code == 2, run.out + run.err
    expected = {
        "pipe": "the config file 'mkdocs.yml' is not a regular file (a pipe or a device); give a YAML file",
        "folder": "'mkdocs.yml' is a folder; give the mkdocs.yml file in it",
        "broken-link": "no such config file: 'mkdocs.yml' (a broken symbolic link)",
    }[kind]
    assert run.err == f"connect-presets: error: {expected}\n"
    assert not (tmp_path / "site").exists()


def test_check_compares_out_with_what_export_writes_whatever_else_it_checks(
    cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    assert cli("export", "--out", "out").code == 0  # the bundled catalogue, as export reads by default
    alone = cli("check", "--out", "out")
    assert (alone.code, alone.out) == (0, "out: up to date\n")
    assert cli("build").code == 0  # the project's own catalogue, as mkdocs.yml names it
    both = cli("check", "--out", "out", "--site-dir", "public")
    assert (both.code, both.out) == (0, "out: up to date\npublic: up to date\n"), both.err


@pytest.mark.parametrize(
    ("out", "what"), [("site_src/x", "the docs folder"), ("templates/theme/x", "the theme folder")]
)
def test_export_into_the_local_site_projects_inputs_is_refused(
    cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch, out: str, what: str
) -> None:
    monkeypatch.chdir(project)
    run = cli("export", "--out", out)
    assert run.code == 2
    assert f"is inside {what} '" in run.err
    assert not (project / out).exists()
    assert cli("export", "--out", "configs").code == 0  # elsewhere in the project is fine


def test_a_mkdocs_yml_mkdocs_refuses_shows_why_then_site_not_built(project: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      catalog: data/catalog\n", "      catalog: data/catalog\n      bogus: 1\n")
    )
    for command in (["build"], ["check", "--site-dir", "public"]):
        done = subprocess.run(
            [sys.executable, "-m", "generator", *command], cwd=project, capture_output=True, text=True, check=False
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines() == [
            "WARNING - Config value 'plugins': Plugin 'connect-presets' option 'bogus': Unrecognised configuration name: bogus",
            "connect-presets: site not built: Aborted with 1 configuration warnings in 'strict' mode!",
        ]
    assert not (project / "public").exists()
