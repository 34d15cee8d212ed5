"""`mkdocs serve` follows the catalogue: an edit rebuilds the page, no stale copy anywhere."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from mkdocs.config import load_config

from generator.paths import schema_dir, template_dir

from .conftest import REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.3)
    return False


def test_serve_watches_the_catalogue_templates_and_schemas() -> None:
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    config.plugins.on_config(config)
    watched = {Path(p).resolve() for p in config.watch}
    assert {(REPO / "catalog").resolve(), template_dir().resolve(), schema_dir().resolve()} <= watched


def test_editing_a_preset_during_serve_rebuilds_its_page(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", project / "site_src")
    shutil.copytree(REPO / "catalog", project / "catalog")
    shutil.copytree(REPO / "templates", project / "templates")  # the theme override in mkdocs.yml
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/presets/crm/"
        assert _wait_for(url, "<h1", 60), "mkdocs serve did not come up"
        crm = project / "catalog" / "presets" / "crm.yaml"
        crm.write_text(crm.read_text().replace("name: CRM", "name: CRM renamed while serving"))
        assert _wait_for(url, "CRM renamed while serving", 60), "the page did not follow the catalogue edit"
        assert not (project / "site_src" / "presets").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)
