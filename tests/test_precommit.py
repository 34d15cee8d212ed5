"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit against a sample repository: a team's
catalogue (a copy of the bundled one, with its releases beside it, its export and its editor schemas)
in a git repository of its own.

The hooks come from a snapshot of this working tree (its tracked and new files, as they are now) committed
in a repository of the module's own, so every run names the same repository and commit and pre-commit
builds the hooks' environment once (it pip-installs the snapshot: the package as a wheel, with its
bundled catalogue, schemas and templates), in a PRE_COMMIT_HOME of the module's own; nothing of the
user's is read or written. The first test to run pays for that build; none asserts a duration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import BUNDLED, REPO, CliRunner

TIMEOUT = 1200  # building the hooks' environment pip-installs the dependencies: minutes on a loaded machine
README_MARK = "<!-- pre-commit example: run by tests/test_precommit.py -->"
needs_tools = pytest.mark.skipif(
    os.environ.get("CI") != "true" and (shutil.which("pre-commit") is None or shutil.which("git") is None),
    reason="pre-commit or git is not installed (pip install -e '.[test]' brings pre-commit)",
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    environment = {
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
    environment.pop("PYTHONPATH", None)  # the hooks must run the installed package, not this checkout
    return environment


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def git(repo: Path, env: dict[str, str], *args: str) -> str:
    done = run(["git", *args], repo, env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """This working tree as one commit of a repository of its own: what a team's `repo:` names."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO, env)
    if listed.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    snapshot = tmp_path_factory.mktemp("hooks") / "connect-presets"
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():  # a file deleted in the working tree is listed but left out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name, follow_symlinks=False)
    git(snapshot, env, "init", "-q", "-b", "main")
    git(snapshot, env, "add", "-A")
    git(snapshot, env, "commit", "-qm", "snapshot of the working tree")
    return snapshot


def connect_presets(repo: Path, env: dict[str, str], *args: str) -> None:
    """This checkout's command line, to lay out the team's repository (not through a hook)."""
    done = run([sys.executable, "-m", "generator", *args], repo, env | {"PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr


@pytest.fixture
def team_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A team's repository: catalog/, releases/ beside it, its export in configs/ and its editor
    schemas in schema/, committed."""
    repo = tmp_path / "team"
    shutil.copytree(BUNDLED, repo / "catalog")
    shutil.copytree(REPO / "releases", repo / "releases")
    connect_presets(repo, env, "export", "--source", "catalog", "--out", "configs")
    connect_presets(repo, env, "schemas", "--source", "catalog")
    git(repo, env, "init", "-q", "-b", "main")
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-qm", "catalogue")
    return repo


def try_repo(hooks: Path, repo: Path, env: dict[str, str], *hook: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo`: the hooks of ``hooks`` (or the one named), with their arguments of
    .pre-commit-hooks.yaml, on every file of ``repo``. It builds the hooks' environment in a store of its
    own each time, so the other cases run the same hooks through a configuration (`run_hook`)."""
    return run(["pre-commit", "try-repo", str(hooks), *hook, "--all-files", "--verbose"], repo, env)


def run_hook(hooks: Path, hook: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """What try-repo does, with the module's PRE_COMMIT_HOME: ``hook`` of ``hooks`` at its commit, with its
    arguments of .pre-commit-hooks.yaml, on every file of ``repo``; --verbose shows what a passing hook says."""
    config = repo.parent / "hooks.yaml"
    rev = git(hooks, env, "rev-parse", "HEAD").strip()
    listed = {"repos": [{"repo": str(hooks), "rev": rev, "hooks": [{"id": hook}]}]}
    config.write_text(yaml.safe_dump(listed, sort_keys=False), encoding="utf-8")
    return run(["pre-commit", "run", "--config", str(config), "--all-files", "--verbose"], repo, env)


def use_readme_config(hooks: Path, repo: Path, env: dict[str, str]) -> list[str]:
    """The README's .pre-commit-config.yaml, committed in ``repo`` with ``hooks`` at its commit as the
    hook repository; the ids of its hooks."""
    config = yaml.safe_load(readme_config())
    config["repos"][0] |= {"repo": str(hooks), "rev": git(hooks, env, "rev-parse", "HEAD").strip()}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    git(repo, env, "add", ".pre-commit-config.yaml")
    git(repo, env, "commit", "-qm", "pre-commit", "--no-verify")
    return [hook["id"] for hook in config["repos"][0]["hooks"]]


def readme_config() -> str:
    """The .pre-commit-config.yaml the README gives a team, as written there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme.split(README_MARK, 1)[1]
    return after.split("```yaml\n", 1)[1].split("\n```", 1)[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_crm(repo: Path) -> None:
    edit(repo / "catalog" / "presets" / "crm.yaml", "name: CRM", "name: [CRM")


BROKEN_CRM = "catalog/presets/crm.yaml:3:7: $: error: YAML syntax: did not find expected ',' or ']'"


@needs_tools
def test_the_hooks_pass_on_a_good_catalogue(hooks_repo: Path, team_repo: Path, env: dict[str, str]) -> None:
    done = try_repo(hooks_repo, team_repo, env)  # every hook of .pre-commit-hooks.yaml
    assert done.returncode == 0, done.stdout + done.stderr
    for hook in ("connect-presets-validate", "connect-presets-check", "connect-presets-version-gate"):
        assert f"- hook id: {hook}" in done.stdout
    assert done.stdout.count("Passed") == 3
    assert "nothing has changed since release 2.0.0; nothing to release" in done.stdout
    assert not git(team_repo, env, "status", "--porcelain")  # no hook wrote anything


@needs_tools
def test_validate_fails_with_the_located_problem(hooks_repo: Path, team_repo: Path, env: dict[str, str]) -> None:
    break_crm(team_repo)
    done = try_repo(hooks_repo, team_repo, env, "connect-presets-validate")
    assert done.returncode == 1 and "Failed" in done.stdout
    assert BROKEN_CRM in done.stdout and "[yaml-syntax]" in done.stdout


@needs_tools
def test_the_version_gate_refuses_a_change_without_its_version(
    hooks_repo: Path, team_repo: Path, env: dict[str, str]
) -> None:
    marketplace = team_repo / "catalog" / "presets" / "marketplace.yaml"
    edit(marketplace, "contacts: {import: no, export: no}", "contacts: {import: no, export: yes}")
    done = run_hook(hooks_repo, "connect-presets-version-gate", team_repo, env)
    assert done.returncode == 1 and "Failed" in done.stdout
    assert (
        "catalog/catalog.yaml:7:10: $.version: error: the catalogue has changed since release 2.0.0 "
        "(Marketplace · Contacts · export: no → yes) but its version is still 2.0.0; write version: 2.1.0 "
        "[version-not-raised]"
    ) in done.stdout
    edit(team_repo / "catalog" / "catalog.yaml", "version: 2.0.0", "version: 2.1.0")
    done = run_hook(hooks_repo, "connect-presets-version-gate", team_repo, env)
    assert done.returncode == 0, done.stdout
    assert "release would make 2.1.0 (minor, 1 change(s) since 2.0.0)" in done.stdout
    assert sorted(p.name for p in (team_repo / "releases").iterdir()) == ["2.0.0", "README.md"]  # none made


@needs_tools
def test_check_fails_when_the_generated_files_are_stale(hooks_repo: Path, team_repo: Path, env: dict[str, str]) -> None:
    edit(team_repo / "catalog" / "presets" / "crm.yaml", "name: CRM", "name: CRM systems")
    edit(team_repo / "catalog" / "catalog.yaml", "version: 2.0.0", "version: 2.0.1")  # the gate's patch step
    with (team_repo / "schema" / "catalog-common.schema.json").open("a", encoding="utf-8") as schema:
        schema.write("\n")  # a hand edit
    use_readme_config(hooks_repo, team_repo, env)  # its check hook compares the schemas too
    done = run(["pre-commit", "run", "connect-presets-check", "--all-files"], team_repo, env)
    assert done.returncode != 0 and "Failed" in done.stdout
    assert "configs: not up to date" in done.stdout and "run connect-presets export" in done.stdout
    assert "schema: not up to date" in done.stdout and "run connect-presets schemas" in done.stdout


@needs_tools
def test_the_readme_configuration_refuses_a_broken_commit(
    hooks_repo: Path, team_repo: Path, env: dict[str, str]
) -> None:
    hooks = use_readme_config(hooks_repo, team_repo, env)
    assert hooks == ["connect-presets-validate", "connect-presets-check", "connect-presets-version-gate"]
    installed = run(["pre-commit", "install"], team_repo, env)
    assert installed.returncode == 0, installed.stderr
    before = git(team_repo, env, "rev-parse", "HEAD")
    break_crm(team_repo)
    git(team_repo, env, "add", "-A")
    refused = run(["git", "commit", "-m", "rename CRM"], team_repo, env)
    assert refused.returncode != 0
    assert BROKEN_CRM in refused.stdout + refused.stderr
    assert git(team_repo, env, "rev-parse", "HEAD") == before  # no commit was made

    # The same edit done right (the new name, its export and the version its change needs) is committed.
    shutil.copy2(BUNDLED / "presets" / "crm.yaml", team_repo / "catalog" / "presets" / "crm.yaml")
    edit(team_repo / "catalog" / "presets" / "crm.yaml", "name: CRM", "name: CRM systems")
    edit(team_repo / "catalog" / "catalog.yaml", "version: 2.0.0", "version: 2.0.1")
    connect_presets(team_repo, env, "export", "--source", "catalog", "--out", "configs")
    git(team_repo, env, "add", "-A")
    accepted = run(["git", "commit", "-m", "rename CRM"], team_repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert (accepted.stdout + accepted.stderr).count("Passed") == 3
    assert git(team_repo, env, "rev-parse", "HEAD") != before


@needs_tools
def test_the_hook_environment_holds_the_package_and_its_bundled_files(
    hooks_repo: Path, team_repo: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """What pre-commit installed is the package alone (a wheel built from the repository), and it
    finds its bundled catalogue, schemas, templates and site project without this checkout."""
    assert run_hook(hooks_repo, "connect-presets-validate", team_repo, env).returncode == 0
    found = sorted(Path(env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*/bin/connect-presets"))
    assert len(found) == 1, found  # one environment for the three hooks
    command = found[0]
    python = command.parent / "python"
    where = run([str(python), "-c", "import generator; print(generator.__file__)"], tmp_path, env)
    assert Path(env["PRE_COMMIT_HOME"]) in Path(where.stdout.strip()).parents, where.stdout + where.stderr
    validated = run([str(command), "validate"], tmp_path, env)  # the bundled catalogue
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "catalogue valid" in validated.stdout
    built = run([str(command), "build", "--site-dir", "site"], tmp_path, env)  # bundled mkdocs.yml and templates
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "site" / "presets" / "crm" / "index.html").is_file()
    assert (tmp_path / "site" / "configs" / "index.json").is_file()


def test_release_check_writes_nothing_and_says_what_a_release_would_make(catalog_copy: Path, cli: CliRunner) -> None:
    shutil.copytree(REPO / "releases", catalog_copy.parent / "releases")
    done = cli("release", "--check", "--source", "catalog")
    assert (done.code, done.out) == (0, "")
    assert done.err.endswith("connect-presets: nothing has changed since release 2.0.0; nothing to release\n")
    edit(catalog_copy / "presets" / "crm.yaml", "name: CRM", "name: CRM systems")
    done = cli("release", "--check", "--source", "catalog")
    assert done.code == 1
    assert (
        "catalog/catalog.yaml:7:10: $.version: error: the catalogue has changed since release 2.0.0 "
        "(CRM systems · name: CRM → CRM systems) but its version is still 2.0.0; write version: 2.0.1 "
        "[version-not-raised]\n"
    ) in done.err
    assert done.err.endswith("no release would be made\n")
    edit(catalog_copy / "catalog.yaml", "version: 2.0.0", "version: 2.0.1")
    done = cli("release", "--check", "--source", "catalog")
    assert done.code == 0
    assert done.err.endswith("connect-presets: release would make 2.0.1 (patch, 1 change(s) since 2.0.0)\n")
    edit(catalog_copy / "presets" / "crm.yaml", "name: CRM systems", "name: CRM")
    done = cli("release", "--check", "--source", "catalog")
    assert done.err.endswith(
        "connect-presets: version 2.0.1 is raised but nothing has changed since release 2.0.0; nothing to release\n"
    )
    assert sorted(p.name for p in (catalog_copy.parent / "releases").iterdir()) == ["2.0.0", "README.md"]
    shutil.rmtree(catalog_copy.parent / "releases")
    done = cli("release", "--check", "--source", "catalog")
    assert done.err.endswith("connect-presets: no release yet; release would make the first, 2.0.1\n")
    assert not (catalog_copy.parent / "releases").exists()
