"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit against a sample repository: a team's
catalogue (a copy of the bundled one, with its releases beside it) in a git repository of its own.

pre-commit builds the hooks' environment once (it pip-installs this repository), in a PRE_COMMIT_HOME of
the module's own; nothing of the user's is read or written. `pre-commit try-repo` runs the hooks of this
checkout (its uncommitted changes included); the commit case installs the README's configuration, with
this checkout's HEAD as its rev, and commits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import BUNDLED, REPO

TIMEOUT = 900  # building the hook's environment pip-installs the dependencies: minutes on a loaded machine
needs_tools = pytest.mark.skipif(
    os.environ.get("CI") != "true" and (shutil.which("pre-commit") is None or shutil.which("git") is None),
    reason="pre-commit or git is not installed (pip install -e '.[test]' brings pre-commit)",
)
pytestmark = needs_tools


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Docs Writer",
        "GIT_AUTHOR_EMAIL": "docs@example.com",
        "GIT_COMMITTER_NAME": "Docs Writer",
        "GIT_COMMITTER_EMAIL": "docs@example.com",
        "NO_MKDOCS_2_WARNING": "1",
    }


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


@pytest.fixture
def team_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A team's repository: catalog/, releases/ beside it, and its export in configs/, committed."""
    repo = tmp_path / "team"
    shutil.copytree(BUNDLED, repo / "catalog")
    shutil.copytree(REPO / "releases", repo / "releases")
    exported = run(["connect-presets", "export", "--source", "catalog", "--out", "configs"], repo, env)
    assert exported.returncode == 0, exported.stderr
    for step in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-qm", "catalogue"]):
        done = run(step, repo, env)
        assert done.returncode == 0, done.stderr
    return repo


def try_repo(hook: str, repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run(["pre-commit", "try-repo", str(REPO), hook, "--all-files", *args], repo, env)


def break_crm(repo: Path) -> None:
    crm = repo / "catalog" / "presets" / "crm.yaml"
    crm.write_text(crm.read_text(encoding="utf-8").replace("name: CRM", "name: [CRM", 1), encoding="utf-8")


def test_the_hooks_pass_on_a_good_catalogue(team_repo: Path, env: dict[str, str]) -> None:
    for hook in ("connect-presets-validate", "connect-presets-check"):
        done = try_repo(hook, team_repo, env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Passed" in done.stdout


def test_validate_fails_with_the_located_problem(team_repo: Path, env: dict[str, str]) -> None:
    break_crm(team_repo)
    done = try_repo("connect-presets-validate", team_repo, env)
    assert done.returncode == 1 and "Failed" in done.stdout
    assert "catalog/presets/crm.yaml:3:" in done.stdout and "[yaml-syntax]" in done.stdout


def test_the_version_gate_refuses_a_change_without_its_version(team_repo: Path, env: dict[str, str]) -> None:
    marketplace = team_repo / "catalog" / "presets" / "marketplace.yaml"
    text = marketplace.read_text(encoding="utf-8")
    marketplace.write_text(text.replace("contacts: {import: no, export: no}", "contacts: {import: no, export: yes}"))
    done = try_repo("connect-presets-validate", team_repo, env)
    assert done.returncode == 1
    assert "catalog/catalog.yaml:7:10: $.version: error:" in done.stdout and "[version-not-raised]" in done.stdout


def test_check_fails_when_the_committed_export_is_stale(team_repo: Path, env: dict[str, str]) -> None:
    crm = team_repo / "catalog" / "presets" / "crm.yaml"
    crm.write_text(crm.read_text(encoding="utf-8").replace("name: CRM", "name: CRM systems", 1), encoding="utf-8")
    done = try_repo("connect-presets-check", team_repo, env)
    assert done.returncode != 0 and "configs: not up to date" in done.stdout


def test_the_readme_configuration_refuses_a_broken_commit(team_repo: Path, env: dict[str, str]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme.split("<!-- pre-commit example: run by tests/test_precommit.py -->", 1)[1]
    config = yaml.safe_load(after.split("```yaml\n", 1)[1].split("\n```", 1)[0])
    head = run(["git", "rev-parse", "HEAD"], REPO, env)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    config["repos"][0] |= {"repo": str(REPO), "rev": head.stdout.strip()}
    (team_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    assert run(["git", "add", ".pre-commit-config.yaml"], team_repo, env).returncode == 0
    installed = run(["pre-commit", "install"], team_repo, env)
    assert installed.returncode == 0, installed.stderr
    before = run(["git", "rev-parse", "HEAD"], team_repo, env).stdout
    break_crm(team_repo)
    assert run(["git", "add", "-A"], team_repo, env).returncode == 0
    refused = run(["git", "commit", "-m", "rename CRM"], team_repo, env)
    assert refused.returncode != 0
    assert "catalog/presets/crm.yaml:3:" in refused.stdout + refused.stderr
    assert run(["git", "rev-parse", "HEAD"], team_repo, env).stdout == before  # no commit was made
