"""The docs and theme folders are inputs like the catalogue: a pipe or a device among them fails the
build with the files named, instead of a build that waits forever or reads until memory runs out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HANG_GUARD = 60


@pytest.fixture
def project(site_project: Path) -> Path:
    return site_project


@pytest.mark.parametrize("command", [["build"], ["check", "--site-dir", "site"]])
def test_a_pipe_or_a_device_in_the_docs_or_theme_folder_fails_the_build(project: Path, command: list[str]) -> None:
    os.mkfifo(project / "site_src" / "pipe.md")
    (project / "site_src" / "zero.png").symlink_to("/dev/zero")
    os.mkfifo(project / "templates" / "theme" / "partials" / "footer.html")
    done = subprocess.run(
        [sys.executable, "-m", "generator", *command],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    for name in ("site_src/pipe.md", "site_src/zero.png", "templates/theme/partials/footer.html"):
        assert f"{name}: not a regular file (a pipe, a device or a socket); remove it" in done.stderr
    assert done.stderr.rstrip().endswith("connect-presets: site not built: Aborted with a BuildError!")
    assert not (project / "site").exists()
