"""What the site publishes from the releases, built with the real MkDocs from a project with three
releases (first, minor, major with its migration note): the versioned configs and their list, the
"What changed" pages, and the feeds, read by a real feed parser."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator.versions import store
from tests.conftest import CliRunner

EXCEPTION = (
    "  activities:\n    import: yes\n    export: yes\n    exceptions:\n      - system: tribe-crm\n"
    "        import: no\n        export: no\n        note: Activities are not available in this preset for Tribe CRM.\n"
)
NOTE = (
    "changelog:\n  - version: 3.0.0\n    summary: Tribe CRM's activities are exchanged.\n    breaking:\n"
    "      - at: crm.flows.activities\n        reason: The exception for Tribe CRM no longer applies.\n"
    "        action: Expect activities from and to Tribe CRM connectors.\n"
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site project with releases 2.0.0, 2.1.0 (Marketplace exports contacts) and 3.0.0 (the CRM
    preset's exception removed), built into <project>/site."""
    import shutil

    from generator.cli import main
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("changelog") / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("site_src", "catalog", "templates", "examples"):
        shutil.copytree(REPO / folder, root / folder)
    catalog = root / "catalog"
    assert main(["release", "--source", str(catalog), "--date", "2026-12-03"]) == 0
    _edit(
        catalog / "presets/marketplace.yaml",
        "contacts: {import: no, export: no}",
        "contacts: {import: no, export: yes}",
    )
    _edit(catalog / "catalog.yaml", "version: 2.0.0", "version: 2.1.0")
    assert main(["release", "--source", str(catalog), "--date", "2026-12-10"]) == 0
    _edit(catalog / "presets/crm.yaml", EXCEPTION, "  activities: {import: yes, export: yes}\n")
    _edit(catalog / "catalog.yaml", "version: 2.1.0\n", "version: 3.0.0\n" + NOTE)
    assert main(["release", "--source", str(catalog), "--date", "2027-01-05"]) == 0
    assert main(["build", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(root / "site")]) == 0
    return root


def _text(path: Path) -> str:
    return BeautifulSoup(path.read_text(), "html.parser").select_one("article").get_text(" ", strip=True)


def test_every_release_is_served_at_its_versioned_path_and_latest(project: Path) -> None:
    site = project / "site/configs"
    for release in store.read_releases(project / "releases"):
        for path, data in release.configs().items():
            assert (site / f"v2/{release.version}/{path}").read_bytes() == data
    latest = store.read_releases(project / "releases")[-1]
    assert latest.version == "3.0.0"
    assert {
        p.relative_to(site / "v2/latest").as_posix(): p.read_bytes()
        for p in (site / "v2/latest").rglob("*")
        if p.is_file()
    } == latest.configs()


def test_the_list_of_versions(project: Path) -> None:
    listing = json.loads((project / "site/configs/versions.json").read_text())
    assert [(v["version"], v["class"], v["date"]) for v in listing["versions"]] == [
        ("3.0.0", "major", "2027-01-05"),
        ("2.1.0", "minor", "2026-12-10"),
        ("2.0.0", None, "2026-12-03"),
    ]
    assert listing["latest"] == {"v2": "3.0.0"}
    for version in listing["versions"]:
        index = (project / "site/configs" / version["index"]).read_bytes()
        assert store.sha256(index) == version["sha256"]


def test_the_what_changed_page(project: Path) -> None:
    text = _text(project / "site/changes/index.html")
    assert text.index("3.0.0") < text.index("2.1.0") < text.index("2.0.0")
    assert "Breaking changes · released 2027-01-05 · after 2.1.0" in text
    assert "Tribe CRM's activities are exchanged." in text
    assert "The exception for Tribe CRM no longer applies. Expect activities from and to Tribe CRM connectors." in text
    assert "Activities · exception for Tribe CRM removed (breaking)" in text
    assert "Contacts · export: no → yes (addition)" in text
    assert "First release · released 2026-12-03" in text
    assert "tribe-crm" not in text and "e-commerce-with" not in text  # names, not ids


def _versions(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(), "html.parser")
    return [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2") if h.get("id", "").startswith("v")]


def test_each_preset_has_its_history(project: Path) -> None:
    pages = project / "site/changes"
    assert "What changed: CRM" in _text(pages / "crm/index.html")
    assert _versions(pages / "crm/index.html") == ["3.0.0", "2.0.0"]
    assert _versions(pages / "marketplace/index.html") == ["2.1.0", "2.0.0"]
    assert "Contacts · export: no → yes" in _text(pages / "marketplace/index.html")
    assert _versions(pages / "analytics/index.html") == ["2.0.0"]
    assert _versions(pages / "index.html") == ["3.0.0", "2.1.0", "2.0.0"]


def test_the_json_feeds(project: Path) -> None:
    feed = json.loads((project / "site/feeds/changes.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
    items = feed["items"]
    assert [i["id"] for i in items] == [f"tag:connect-presets,2026:releases/{v}" for v in ("3.0.0", "2.1.0", "2.0.0")]
    for item in items:
        assert item["content_text"] and item["content_html"] and item["date_published"].endswith("Z")
    assert items[0]["tags"] == ["major"] and items[0]["date_published"] == "2027-01-05T00:00:00Z"
    crm = json.loads((project / "site/feeds/presets/crm.json").read_text())
    assert [i["id"].rsplit("/", 1)[1] for i in crm["items"]] == ["3.0.0", "2.0.0"]


def test_the_atom_feeds_parse(project: Path) -> None:
    for path in sorted((project / "site/feeds").rglob("*.atom")):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.entries
    overall = feedparser.parse((project / "site/feeds/changes.atom").read_bytes())
    assert [e.id.rsplit("/", 1)[1] for e in overall.entries] == ["3.0.0", "2.1.0", "2.0.0"]
    assert "exception for Tribe CRM removed" in overall.entries[0].content[0].value


def test_the_pages_and_feeds_are_the_same_each_build(project: Path, cli: CliRunner, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert cli("build", "--config-file", project / "mkdocs.yml", "--site-dir", again).code == 0
    for name in (
        "feeds/changes.json",
        "feeds/changes.atom",
        "feeds/presets/crm.atom",
        "changes/index.html",
        "configs/versions.json",
    ):
        assert (again / name).read_bytes() == (project / "site" / name).read_bytes(), name


def test_no_releases_publish_nothing_more(site_project: Path, cli: CliRunner) -> None:
    assert cli("build", "--config-file", site_project / "mkdocs.yml", "--site-dir", site_project / "site").code == 0
    site = site_project / "site"
    assert not (site / "changes").exists() and not (site / "feeds").exists()
    assert not (site / "configs/versions.json").exists() and not (site / "configs/v2").exists()


def test_a_changed_release_stops_the_build(site_project: Path, cli: CliRunner) -> None:
    assert cli("release", "--source", site_project / "catalog", "--date", "2026-12-03").code == 0
    index = site_project / "releases/2.0.0/configs/index.json"
    index.write_text(index.read_text().replace('"Orders"', '"Sales"'))
    run = cli("build", "--config-file", site_project / "mkdocs.yml", "--site-dir", site_project / "site")
    assert run.code == 1, run.err
    assert "changed since the release 2.0.0 was made" in run.err and "Traceback" not in run.err
    assert not (site_project / "site").exists()
