"""`connect-presets render`: the site as a project that MkDocs and Zensical each build without the plugin.

Both generators run for real, as a team would run them (``mkdocs build --strict``, ``zensical build
--strict``), on the rendered folder; the two sites are then read back with a subset of the assertions
tests/test_site.py makes of the plugin's site: every page, every data table's cells and notes, every
first-import period, the matrix, the footer, the served configs and nothing loaded from other hosts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import load_catalog
from generator.catalogue.model import Catalog
from generator.output.export import render as export
from generator.output.write import read_tree
from generator.site.files import site_files
from generator.site.project import CONFIG, DOCS

from .conftest import REPO, CliRunner
from .test_site import (
    check_data_table,
    check_preset_page,
    expected_cell,
    loads_from_other_hosts,
    words,
)
from .test_site import page as read_page

GENERATORS = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
    "zensical": [sys.executable, "-m", "zensical", "build", "--strict"],
}
BUILD_TIMEOUT = 300  # a hung generator stops the test; a loaded 2-core machine takes seconds


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project rendered once, by the command a team runs."""
    out = tmp_path_factory.mktemp("rendered") / "project"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "render", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module", params=sorted(GENERATORS))
def built(request: pytest.FixtureRequest, rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rendered project built by one generator, in a copy of its own (a build writes site/ beside
    mkdocs.yml, and Zensical its .cache/)."""
    generator = request.param
    if generator == "zensical" and not _has_module("zensical") and os.environ.get("CI") != "true":
        pytest.skip("Zensical is not installed (pip install -e '.[test]' brings it)")
    project = tmp_path_factory.mktemp(generator) / "project"
    shutil.copytree(rendered, project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        GENERATORS[generator], cwd=project, capture_output=True, text=True, timeout=BUILD_TIMEOUT, env=env, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_the_project_holds_every_generated_file_and_a_config_without_the_plugin(
    rendered: Path, catalog: Catalog
) -> None:
    expected = site_files(catalog, (), (), None).files
    docs = read_tree(rendered / DOCS)
    assert set(expected) - {"examples.md"} <= set(docs)  # the examples page holds the plans, made with the examples
    for path, content in expected.items():
        if path != "examples.md" and path.startswith(("presets/", "configs/index.json", "compare.md")):
            assert docs[path] == (content.encode() if isinstance(content, str) else content), path
    for hand_written in (REPO / "site_src").rglob("*"):
        if hand_written.is_file():
            assert docs[hand_written.relative_to(REPO / "site_src").as_posix()] == hand_written.read_bytes()
    config = (rendered / CONFIG).read_text(encoding="utf-8")
    assert "connect-presets:" not in config and "!!python/name:material.extensions.emoji.twemoji" in config
    settings = yaml.load(config, Loader=_AnyTag)
    assert settings["docs_dir"] == "docs" and settings["theme"]["custom_dir"] == "overrides"
    assert [entry for entry in settings["plugins"]] == ["search"]
    assert (rendered / "overrides" / "partials" / "copyright.html").is_file()
    assert settings["edit_uri"] == ""  # an edit link would open a made file, not the catalogue


class _AnyTag(yaml.SafeLoader):
    """Reads a config whose tags name Python functions without importing them."""


_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def test_every_page_is_built(built: Path, catalog: Catalog) -> None:
    generated = site_files(catalog, (), (), None).files
    pages = [path for path in generated if path.endswith(".md")] + ["index.md", "plan.md"]
    missing = [path for path in pages if not (built / path.removesuffix(".md") / "index.html").is_file()]
    missing = [path for path in missing if not (path == "index.md" and (built / "index.html").is_file())]
    assert missing == []


def test_every_data_table_cell_note_and_period(built: Path, catalog: Catalog) -> None:
    for preset in catalog.presets:
        check_preset_page(read_page(built, f"presets/{preset.id}"), preset)
    overview = read_page(built, "onboarding-presets")
    for preset, table in zip(catalog.presets, overview.select("article table"), strict=True):
        check_data_table(overview, table, preset)


def test_the_matrix_says_every_state(built: Path, catalog: Catalog) -> None:
    soup = read_page(built, "compare")
    cells = {(c["data-preset"], c["data-data-type"], c["data-direction"]): c for c in soup.select("td.cp-cell")}
    assert len(cells) == len(catalog.presets) * len(catalog.data_types) * 2
    for preset in catalog.presets:
        for data_flow in preset.flows:
            for direction, flow in (("import", data_flow.imports), ("export", data_flow.exports)):
                cell = cells[(preset.id, data_flow.data_type.id, direction)]
                assert cell["data-state"] == flow.state
                assert (
                    words(cell.select_one(".cp-visually-hidden")) == f"{direction}: {expected_cell(data_flow, flow)[0]}"
                )


def test_the_navigation_the_footer_and_the_configs(built: Path, catalog: Catalog) -> None:
    home = read_page(built, "")
    titles = [words(a) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    assert all(preset.name in titles for preset in catalog.presets)
    positions = [titles.index(p.name) for p in catalog.presets]
    assert positions == sorted(positions)
    footer = home.select_one(".md-copyright")
    assert f"catalogue version {catalog.version}" in words(footer)
    assert catalog.connection_order.if_added_later.text in words(footer)
    link = footer.select_one("a[href*='connection-order']")
    assert link is not None and (built / str(link["href"]).split("#")[0] / "index.html").is_file()
    served = read_tree(built / "configs")
    assert {path: data for path, data in served.items() if path in export(catalog)} == export(catalog)
    assert loads_from_other_hosts(built) == []


def test_render_again_is_up_to_date_and_refuses_a_folder_it_did_not_write(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "project"
    assert cli("render", "--out", out).code == 0
    again = cli("render", "--out", out)
    assert again.code == 0 and "up to date" in again.out
    (out / "site").mkdir()  # what a build in place leaves: render replaces nothing it did not write
    (out / "site" / "index.html").write_text("built")
    refused = cli("render", "--out", out)
    assert refused.code != 0 and "site/" in refused.err
    assert (out / "site" / "index.html").read_text() == "built"
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep")
    assert cli("render", "--out", foreign).code != 0
    assert [p.name for p in foreign.iterdir()] == ["mine.txt"]


def test_an_invalid_catalogue_renders_nothing(cli: CliRunner, catalog_copy: Path, tmp_path: Path) -> None:
    preset = catalog_copy / "presets" / "crm.yaml"
    preset.write_text(preset.read_text(encoding="utf-8").replace("name: CRM", "name: [CRM", 1), encoding="utf-8")
    out = tmp_path / "project"
    run = cli("render", "--source", catalog_copy, "--out", out, "--config-file", REPO / "mkdocs.yml")
    assert run.code == 1 and "catalog/presets/crm.yaml:" in run.out + run.err
    assert not out.exists()


def test_the_readme_example_builds_the_rendered_project_with_zensical(tmp_path: Path) -> None:
    if not _has_module("zensical") and os.environ.get("CI") != "true":
        pytest.skip("Zensical is not installed (pip install -e '.[test]' brings it)")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme.split("<!-- render example: run by tests/test_render.py -->", 1)[1]
    command = after.split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert command.startswith("connect-presets render --out rendered")
    bin_dir = Path(sys.executable).parent  # where pip put connect-presets and zensical for this Python
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "rendered" / "site" / "presets" / "crm" / "index.html").is_file()
