"""`connect-presets build --offline`: a site that works opened from a folder or a zip (file://). Every
link of every page names a file that is there, the planner page needs no fetch (its configs are in a
classic script, its modules one classic script), search needs no worker from another host, and the
served build keeps its directory URLs. The same in a browser: tests/browser/test_offline.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from generator import Catalog, load_catalog
from generator.cli import main
from generator.errors import EXIT_INVALID
from generator.mkdocs_adapter.build import BuildError, build_site
from generator.site import offline
from generator.site.bundle import BundleError, bundle

from .conftest import REPO
from .test_planner_corpus import node

SHIM = REPO / "node_modules" / "iframe-worker" / "shim" / "index.js"


def build_offline(site: Path, config: Path = REPO / "mkdocs.yml") -> Path:
    """The site built as the command line builds it with --offline (by default the bundled one)."""
    assert main(["build", "--offline", "--site-dir", str(site), "--config-file", str(config)]) == 0
    return site


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_offline(tmp_path_factory.mktemp("offline") / "site")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


class _Links(HTMLParser):
    """Every address a page loads or links to: <a>/<link> href, <script>/<img> src."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "script": "src", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.links.append((tag, value))


def links_of(page: Path) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def read_planner_data(site: Path) -> Any:
    text = (site / offline.PLANNER_DATA).read_text(encoding="utf-8")
    match = re.fullmatch(r"(?://[^\n]*\n)*window\.connectPlannerConfigs = (.*);\n", text, re.DOTALL)
    assert match is not None, text[:200]
    return json.loads(match[1])


# ------------------------------------------------------------------------------------------ the built site


def test_every_link_of_every_page_names_a_file_that_is_there(offline_site: Path) -> None:
    """From file://, a link to a folder opens a listing, not a page: each must name a file."""
    missing, checked = [], 0
    for page in pages_of(offline_site):
        if page.name == "404.html":  # what a server answers for a missing address, with links from its root
            continue
        for tag, link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:  # other sites, javascript:, a fragment alone
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            checked += 1
            if not target.is_file() or not target.is_relative_to(offline_site.resolve()):
                missing.append(f"{page.relative_to(offline_site)}: <{tag}> {link}")
    assert not missing, "\n".join(missing)
    assert checked > 1000  # every page's navigation, so many thousands: the walk did read the pages


def test_the_pages_are_files_and_the_matrix_links_name_them(offline_site: Path, catalog: Catalog) -> None:
    assert not (offline_site / "plan").exists() and (offline_site / "plan.html").is_file()
    compare = dict((link, tag) for tag, link in links_of(offline_site / "compare.html"))
    for preset in catalog.presets:
        assert (offline_site / "presets" / f"{preset.id}.html").is_file()
        assert f"presets/{preset.id}.html" in compare, preset.id
    # The preset pages' own links to each other, raw and Markdown alike, stay beside them.
    assert "../compare.html" in dict((link, tag) for tag, link in links_of(offline_site / "presets" / "crm.html"))


def test_the_planner_page_loads_its_configs_and_modules_as_classic_scripts(
    offline_site: Path, catalog: Catalog
) -> None:
    page = (offline_site / "plan.html").read_text(encoding="utf-8")
    assert 'type="module"' not in page  # Chromium runs no module script from a file
    scripts = [link for tag, link in links_of(offline_site / "plan.html") if tag == "script"]
    data, code = scripts.index(offline.PLANNER_DATA), scripts.index(offline.PLANNER_SCRIPT)
    assert data < code  # the configs are set before the planner reads them
    assert 'data-configs="configs/"' in page  # unused offline, but right for where the page is
    assert 'href="examples.html"' in page  # the <noscript> link to the worked examples

    configs = read_planner_data(offline_site)
    on_disk = offline_site / "configs"
    assert configs["index"] == json.loads((on_disk / "index.json").read_text(encoding="utf-8"))
    assert configs["planner"] == json.loads((on_disk / "planner.json").read_text(encoding="utf-8"))
    assert sorted(configs["configs"]) == sorted(f"presets/{preset.id}.json" for preset in catalog.presets)
    for path, config in configs["configs"].items():
        assert config == json.loads((on_disk / path).read_text(encoding="utf-8")), path

    joined = (offline_site / offline.PLANNER_SCRIPT).read_text(encoding="utf-8")
    assert re.findall(r"^// (javascripts/\S+)$", joined, re.MULTILINE)[-1] == offline.PLANNER_ENTRY
    assert not re.search(r"^\s*(import|export)\b", joined, re.MULTILINE)


def test_search_runs_from_the_site_alone(offline_site: Path) -> None:
    """Material's offline plugin would load the worker shim from a CDN; the site ships its own copy."""
    assert (offline_site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = ")
    for page in pages_of(offline_site):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, page
        if page.name == "404.html":  # its links are from the site's root, as a server answers it anywhere
            continue
        depth = "../" * (len(page.relative_to(offline_site).parts) - 1)
        assert f'<script src="{depth}{offline.IFRAME_WORKER}"></script>' in text, page


def test_the_vendored_worker_shim_is_the_npm_package_s_file() -> None:
    if not SHIM.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHIM.relative_to(REPO)} is missing: run `npm ci`", pytrace=False)
        pytest.skip(f"{SHIM.relative_to(REPO)} is missing: run `npm ci`")
    vendored = REPO / "generator" / "site" / "vendor"
    assert (vendored / "iframe-worker.js").read_bytes() == SHIM.read_bytes()
    assert (vendored / "iframe-worker.LICENSE").read_bytes() == (SHIM.parent.parent / "LICENSE").read_bytes()


def test_the_served_build_keeps_its_directory_urls(built_site: Path, catalog: Catalog) -> None:
    assert (built_site / "plan" / "index.html").is_file() and not (built_site / "plan.html").exists()
    compare = {link for _, link in links_of(built_site / "compare" / "index.html")}
    assert {f"../presets/{preset.id}/" for preset in catalog.presets} <= compare
    page = (built_site / "plan" / "index.html").read_text(encoding="utf-8")
    assert '<script type="module" src="../javascripts/planner.js"></script>' in page
    assert 'data-configs="../configs/"' in page
    for added in (offline.PLANNER_DATA, offline.PLANNER_SCRIPT, offline.IFRAME_WORKER):
        assert not (built_site / added).exists(), added


@pytest.mark.parametrize("where", ["before", "after"])
def test_material_s_offline_plugin_in_mkdocs_yml_builds_the_same_site(site_project: Path, where: str) -> None:
    """The `mkdocs build` route: Material's plugin listed before or after this one, in mkdocs.yml."""
    config = site_project / "mkdocs.yml"
    offline_site = build_offline(site_project / "built-with-the-flag", config)
    text = config.read_text(encoding="utf-8")
    entry = "  - connect-presets:\n      catalog: catalog\n"
    assert text.count(entry) == 1
    listed = "  - offline\n" + entry if where == "before" else entry + "  - offline\n"
    config.write_text(text.replace(entry, listed), encoding="utf-8")
    site = site_project / "site"
    build_site(config, site)
    for name in ("plan.html", "compare.html", offline.PLANNER_DATA, offline.PLANNER_SCRIPT, offline.IFRAME_WORKER):
        assert (site / name).read_bytes() == (offline_site / name).read_bytes(), name
    assert "unpkg.com" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_planner_module_the_joining_cannot_read_stops_the_build(site_project: Path) -> None:
    module = site_project / "site_src" / "javascripts" / "planner-dom.js"
    module.write_text(module.read_text(encoding="utf-8") + "export default h;\n", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build_site(site_project / "mkdocs.yml", site_project / "site", offline=True)
    assert raised.value.exit_code == EXIT_INVALID
    assert "javascripts/planner-dom.js:" in str(raised.value) and "export default h;" in str(raised.value)
    assert not (site_project / "site").exists()


# ------------------------------------------------------------------------------------------ the joining


def run_node(script: str) -> str:
    """Run ``script`` in node (which skips the test where node is missing, except under CI=true)."""
    ran = subprocess.run([node(), "-e", script], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def test_joined_modules_run_in_order_with_their_imports_renamed() -> None:
    modules = {
        "js/main.js": 'import { twice as double, name } from "./lib/a.js";\nconsole.log(double(name));\n',
        "js/lib/a.js": 'import { base } from "./b.js";\nexport const twice = (s) => s + s;\n'
        "const local = base + '!';\nexport { local as name };\n",
        "js/lib/b.js": "export function base0() {}\nconst base = 'ab';\nexport { base };\n",
    }
    joined = bundle(modules, "js/main.js")
    assert re.findall(r"^// (js/\S+)$", joined, re.MULTILINE) == ["js/lib/b.js", "js/lib/a.js", "js/main.js"]
    assert 'const { twice: double, name } = modules["js/lib/a.js"];' in joined
    assert "return { base, base0 };" in joined and "return { name: local, twice };" in joined
    assert run_node(joined) == "ab!ab!\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("export default 1;\n", "m.js:2: cannot join this export into one script: export default 1;"),
        ("export let x = 1;\n", "m.js:2: cannot join this export into one script: export let x = 1;"),
        ("import * as a from './a.js';\n", "m.js:2: cannot join this import into one script"),
        ('import { a } from "./gone.js";\n', "m.js: imports gone.js, which is not in the docs"),
        ('import { a } from "./m.js";\n', "m.js: imports itself through m.js"),
        ('export { a as "b c" };\n', "m.js:2: cannot read the import or export name"),
    ],
)
def test_a_form_the_joining_does_not_know_is_refused_with_its_place(source: str, message: str) -> None:
    with pytest.raises(BundleError) as raised:
        bundle({"m.js": "const a = 1;\n" + source}, "m.js")
    assert str(raised.value).startswith(message)


# ------------------------------------------------------------------------------------------ the links


PAGES = {"": "index.html", "compare/": "compare.html", "presets/crm/": "presets/crm.html", "plan/": "plan.html"}


@pytest.mark.parametrize(
    ("written", "served", "now", "expected"),
    [
        ('<a href="../presets/crm/">CRM</a>', "compare/", "compare.html", '<a href="presets/crm.html">CRM</a>'),
        ('<a href="../../compare/#x">C</a>', "presets/crm/", "presets/crm.html", '<a href="../compare.html#x">C</a>'),
        ('<a href="../">Home</a>', "compare/", "compare.html", '<a href="index.html">Home</a>'),
        ('<div data-configs="../configs/">', "plan/", "plan.html", '<div data-configs="configs/">'),
        ("<a class='x' href='../plan/'>", "compare/", "compare.html", "<a class='x' href=\"plan.html\">"),
        # Not a directory of the site: MkDocs' own links, other sites, fragments, the root, outside.
        ('<a href="presets/crm.html">', "compare/", "compare.html", None),
        ('<a href="https://example.org/a/">', "compare/", "compare.html", None),
        ('<a href="/presets/crm/">', "compare/", "compare.html", None),
        ('<a href="#top">', "compare/", "compare.html", None),
        ('<a href="../../x/">', "compare/", "compare.html", None),
        ('<!-- <a href="../plan/"> --><code>&lt;a href="../plan/"&gt;</code>', "compare/", "compare.html", None),
        # An attribute's text that looks like a link stays as written; the link beside it does not.
        (
            '<a title="href=\'../plan/\'" href="../plan/">',
            "compare/",
            "compare.html",
            '<a title="href=\'../plan/\'" href="plan.html">',
        ),
    ],
)
def test_raw_directory_links_name_the_page_s_file(written: str, served: str, now: str, expected: str | None) -> None:
    fixed = offline.offline_html(written, served, now, PAGES, {})
    assert fixed == (written if expected is None else expected)


def test_the_planner_s_module_script_becomes_its_classic_scripts() -> None:
    written = '<p>x</p>\n<script type="module" src="../javascripts/planner.js"></script>\n'
    fixed = offline.offline_html(written, "plan/", "plan.html", PAGES, offline.CLASSIC_SCRIPTS)
    assert fixed == (
        '<p>x</p>\n<script src="configs/planner-data.js"></script>'
        '<script src="javascripts/planner.offline.js"></script>\n'
    )
    # Without the classic scripts (directory URLs off, Material's plugin not listed): the module, found.
    unswapped = offline.offline_html(written, "plan/", "plan.html", PAGES, {})
    assert unswapped == '<p>x</p>\n<script type="module" src="javascripts/planner.js"></script>\n'


def test_a_page_s_directory_url() -> None:
    assert [offline.directory_url(p) for p in ("index.md", "presets/crm.md", "changes/index.md", "README.md")] == [
        "",
        "presets/crm/",
        "changes/",
        "",
    ]
