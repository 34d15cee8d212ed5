"""axe-core on every page of the site, in both colour schemes and at two widths: no serious or critical
violation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pytest

from .conftest import catalogue, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "onboarding-presets/",
    "compare/",
    *(f"presets/{preset.id}/" for preset in catalogue().presets),
    "connection-order/",
    "choose/",
    "examples/",
    "plan/",
    "developers/",
]
# Every page in both schemes at 1280 px and on a phone's 390 px (Material's mobile layout, where tables
# scroll in their own box and the compare tables' names stick). Each axe run costs about a second.
RUNS = [(path, scheme, width) for width in (1280, 390) for scheme in ("light", "dark") for path in PAGES]
BLOCKING = {"serious", "critical"}


@dataclass(frozen=True)
class KnownIssue:
    """A real violation in today's site, reported to be fixed. While a page has only known ones, its
    test xfails (and says which); any other violation fails it. Delete an entry once it is fixed."""

    rule: str
    target: re.Pattern[str]
    reason: str

    def covers(self, rule: str, target: str) -> bool:
        return rule == self.rule and self.target.search(target) is not None


KNOWN: list[KnownIssue] = []  # known violations waiting for a fix in the site (none now)

_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.flat().join(" "), summary: n.failureSummary}))}));
}"""


@pytest.mark.parametrize(("path", "scheme", "width"), RUNS, ids=[f"{p}-{s}-{w}px" for p, s, w in RUNS])
def test_no_serious_accessibility_violations(
    page: Page, axe_source: str, path: str, scheme: Literal["light", "dark"], width: int
) -> None:
    # Material picks its slate palette from the reader's preference on a first visit.
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 800})
    open_page(page, path)
    page.add_script_tag(content=axe_source)
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE)
    new: list[str] = []
    known: dict[KnownIssue, int] = {}
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            issue = next((k for k in KNOWN if k.covers(violation["id"], node["target"])), None)
            if issue is not None:
                known[issue] = known.get(issue, 0) + 1
                continue
            summary = " ".join(node["summary"].split())
            new.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n    at {node['target']}: {summary}"
            )
    assert not new, f"{len(new)} serious or critical axe violations on {path} ({scheme}):\n  " + "\n  ".join(new)
    if known:
        found = "; ".join(f"{issue.rule} x{count}: {issue.reason}" for issue, count in known.items())
        pytest.xfail(f"known axe violations, to be fixed in the site: {found}")
