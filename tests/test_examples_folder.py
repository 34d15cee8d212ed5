"""The examples folder gets the catalogue folder's guards: every file in it is a worked example or a
located problem (hidden files are skipped), a file that is not a regular file is refused before it is
opened, and the build fails with every problem's line, never a traceback or a hang."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.mkdocs_adapter.build import BuildError, build_site

from .conftest import REPO

HANG_GUARD = 60  # seconds: a generous bound that only stops a build that waits forever
NOT_REGULAR = "not a regular file (a folder, a device or a pipe); a setup file is a YAML file"
UNKNOWN = "unknown file in the examples folder; it holds only <id>.yaml setup files, one per worked example"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's site sources, with the working directory in it."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("site_src", "catalog", "templates", "examples"):
        shutil.copytree(REPO / folder, root / folder)
    monkeypatch.chdir(root)
    return root


def build_process(project: Path) -> subprocess.CompletedProcess[str]:
    """`connect-presets build` of the copy, as a fresh process, stopped if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", "site", "--config-file", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_every_bad_entry_of_the_examples_folder_is_a_located_problem(project: Path) -> None:
    examples = project / "examples"
    good = (examples / "marketplace-seller.yaml").read_text(encoding="utf-8")
    (examples / "My Setup.yaml").write_text(good)  # not an id: it would be the page's anchor
    os.mkfifo(examples / "pipe.yaml")  # opening it would wait for a writer
    (examples / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    (examples / "gone.yaml").symlink_to("nowhere.yaml")
    (examples / "old.yml").write_text(good)
    (examples / "notes.txt").write_text("to do\n")
    (examples / "drafts").mkdir()
    (examples / "broken.yaml").write_text("systems:\n  - name: Shop\n    kind: sales-channel\n")
    (examples / ".draft.yaml").write_text("not: [a setup\n")  # hidden: an editor's, skipped
    run = build_process(project)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert (
        "examples/My Setup.yaml:1:1: $: error: the name of an example file is its id in the page's address: "
        "lower-case words joined by single hyphens; rename it to my-setup.yaml [file-name]\n"
        "examples/broken.yaml:2:5: $.systems[0]: error: missing key 'preset' (id of the onboarding preset chosen "
        "for it (a preset of the catalogue)); add it [schema]\n"
        f"examples/drafts:1:1: $: error: {UNKNOWN} [unknown-file]\n"
        "examples/gone.yaml:1:1: $: error: a broken or looping symbolic link; a setup file is a YAML file [unreadable]\n"
        f"examples/notes.txt:1:1: $: error: {UNKNOWN} [unknown-file]\n"
        "examples/old.yml:1:1: $: error: example files end in .yaml; rename it to old.yaml [unknown-file]\n"
        f"examples/pipe.yaml:1:1: $: error: {NOT_REGULAR} [unreadable]\n"
        f"examples/zero.yaml:1:1: $: error: {NOT_REGULAR} [unreadable]\n"
    ) in run.stderr
    assert not (project / "site").exists()


def test_the_build_names_the_examples_folder_and_its_problems(project: Path) -> None:
    (project / "examples" / "Webshop.yaml").write_text("systems: []\n")
    with pytest.raises(BuildError) as raised:
        build_site(project / "mkdocs.yml", project / "site", None)
    assert str(raised.value).splitlines()[:3] == [
        "connect-presets: the examples folder has problems; each file in it is a worked example:",
        "examples/Webshop.yaml:1:1: $: error: the name of an example file is its id in the page's address: "
        "lower-case words joined by single hyphens; rename it to webshop.yaml [file-name]",
        "examples/Webshop.yaml:1:10: $.systems: error: must not be empty (at least 1 item) [schema]",
    ]


def test_hidden_files_are_skipped_and_each_example_shows_the_text_it_was_planned_from(project: Path) -> None:
    examples = project / "examples"
    (examples / ".marketplace-seller.yaml.swp").write_bytes(b"\x00\xff editor state")
    (examples / ".DS_Store").write_bytes(b"\x00\x01")
    build_site(project / "mkdocs.yml", project / "site", None)
    soup = BeautifulSoup((project / "site" / "examples" / "index.html").read_text(), "html.parser")
    assert [h.get("id") for h in soup.select("h2[id]")] == sorted(p.stem for p in examples.glob("*.yaml"))


def test_an_examples_folder_that_is_a_file_fails_the_build(project: Path) -> None:
    shutil.rmtree(project / "examples")
    (project / "examples").write_text("systems: []\n")
    with pytest.raises(BuildError) as raised:
        build_site(project / "mkdocs.yml", project / "site", None)
    assert str(raised.value).splitlines()[0] == "connect-presets: the examples folder examples is not a folder"
