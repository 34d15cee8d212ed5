"""Every rule of the change table fires on a pair of exports made here, with its class; each change's
RFC 6902 patch turns the older file into the newer one at its place; a difference no rule covers is
reported, never dropped."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import jsonpatch
import pytest

from generator.catalogue.validate import validate
from generator.output import export
from generator.versions.changes import RULES
from generator.versions.diff import Comparison, comparable, compare

Docs = dict[str, Any]
ACT = "presets/activities.json"
MP, CRM, FUL, ECF, AN = (
    "presets/marketplace.json",
    "presets/crm.json",
    "presets/fulfilment.json",
    "presets/e-commerce-with-e-fulfilment.json",
    "presets/analytics.json",
)


@pytest.fixture(scope="module")
def bundled() -> Docs:
    report = validate(None)
    assert report.catalog is not None
    return comparable({p: json.loads(b) for p, b in export.render(report.catalog).items()})


def _index(d: Docs) -> Any:
    return d["index.json"]


def _order(d: Docs) -> Any:
    return d["index.json"]["connection_order"]


def _step(d: Docs, step_id: str) -> Any:
    return next(s for s in _order(d)["steps"] if s["id"] == step_id)


def _rename_preset(d: Docs) -> None:
    doc = d.pop(AN)
    doc["id"] = "analytics-only"
    d["presets/analytics-only.json"] = doc


def _add_preset(d: Docs) -> None:
    doc = copy.deepcopy(d[AN])
    doc["id"], doc["name"] = "reporting", "Reporting"
    d["presets/reporting.json"] = doc


def _exception(state: str) -> dict[str, Any]:
    return {"system": "lightspeed", "system_name": "Lightspeed", "import": state, "export": state, "note": "A note."}


MUTATIONS: dict[str, Callable[[Docs], None]] = {
    "preset-added": _add_preset,
    "preset-removed": lambda d: d.pop(AN),
    "preset-renamed": _rename_preset,
    "format-version-changed": lambda d: _index(d).update(format_version=3),
    "data-type-added": lambda d: _index(d)["data_types"].append({"id": "returns", "label": "Returns"}),
    "data-type-removed": lambda d: _index(d)["data_types"].pop(),
    "data-type-renamed": lambda d: _index(d)["data_types"][0].update(id="sales-orders"),
    "data-type-label-changed": lambda d: _index(d)["data_types"][0].update(label="Sales orders"),
    "data-types-reordered": lambda d: _index(d)["data_types"].reverse(),
    "kind-added": lambda d: _index(d)["system_kinds"].append({"id": "pos", "label": "Point of sale"}),
    "kind-removed": lambda d: _index(d)["system_kinds"].pop(),
    "kind-renamed": lambda d: _index(d)["system_kinds"][0].update(id="wms"),
    "kind-label-changed": lambda d: _index(d)["system_kinds"][0].update(label="Warehouse"),
    "kinds-reordered": lambda d: _index(d)["system_kinds"].reverse(),
    "system-added": lambda d: _index(d)["systems"].append({"id": "acme", "name": "Acme", "kind": "crm"}),
    "system-removed": lambda d: _index(d)["systems"].pop(),
    "system-renamed": lambda d: _index(d)["systems"][0].update(id="renamed-system"),
    "system-name-changed": lambda d: _index(d)["systems"][0].update(name="Renamed"),
    "system-kind-changed": lambda d: _index(d)["systems"][0].update(kind="analytics"),
    "systems-reordered": lambda d: _index(d)["systems"].reverse(),
    "presets-reordered": lambda d: _index(d)["presets"].reverse(),
    "order-strength-stronger": lambda d: _order(d).update(strength="essential"),
    "order-wording-changed": lambda d: _order(d).update(page_wording="please keep to this order"),
    "step-added": lambda d: _order(d)["steps"].append({**_step(d, "crm"), "id": "extra", "label": "Extra"}),
    "step-removed": lambda d: _order(d)["steps"].pop(3),
    "step-renamed": lambda d: _step(d, "crm").update(id="crm-systems"),
    "steps-reordered": lambda d: _order(d)["steps"].reverse(),
    "step-label-changed": lambda d: _step(d, "crm").update(label="CRM systems"),
    "step-qualifier-changed": lambda d: _step(d, "crm").update(qualifier="if any"),
    "step-kind-added": lambda d: _step(d, "crm")["kinds"].append("analytics"),
    "step-kind-removed": lambda d: _step(d, "crm")["kinds"].clear(),
    "step-preset-added": lambda d: _step(d, "activities-and-analytics")["presets"].append("crm"),
    "step-preset-removed": lambda d: _step(d, "activities-and-analytics")["presets"].pop(),
    "step-list-reordered": lambda d: _step(d, "activities-and-analytics")["presets"].reverse(),
    "step-several-allowed": lambda d: _step(d, "crm").update(several=True),
    "step-several-withdrawn": lambda d: _step(d, "marketplaces").pop("several"),
    "page-inconsistency-added": lambda d: _order(d)["page_inconsistencies"].append({"at": "steps", "note": "A note."}),
    "page-inconsistency-removed": lambda d: _order(d)["page_inconsistencies"].clear(),
    "page-inconsistency-reworded": lambda d: _order(d)["page_inconsistencies"][0].update(note="Reworded."),
    "first-step-changed": lambda d: _order(d)["first_step"].update(step="crm"),
    "first-step-reworded": lambda d: _order(d)["first_step"].update(reason="Reworded."),
    "default-source-added": lambda d: _order(d)["first_step"]["default_source_of"].append("orders"),
    "default-source-removed": lambda d: _order(d)["first_step"]["default_source_of"].pop(),
    "adjusted-added": lambda d: _order(d)["first_step"]["if_added_later"]["adjusts"].append("orders"),
    "adjusted-removed": lambda d: _order(d)["first_step"]["if_added_later"]["adjusts"].pop(),
    "first-step-lists-reordered": lambda d: _order(d)["first_step"]["default_source_of"].reverse(),
    "first-step-later-reworded": lambda d: _order(d)["first_step"]["if_added_later"].update(text="Reworded."),
    "preset-name-changed": lambda d: d[MP].update(name="Marketplaces"),
    "preset-summary-changed": lambda d: d[MP].update(summary="Reworded."),
    "preset-advice-changed": lambda d: d[MP].update(when_to_select="Reworded."),
    "preset-restriction-lifted": lambda d: d[MP].update(available_only_for=None),
    "preset-restriction-changed": lambda d: d[MP].update(available_only_for="large marketplaces"),
    "preset-kind-added": lambda d: d[MP]["kinds"].append("crm"),
    "preset-kind-removed": lambda d: d[MP]["kinds"].clear(),
    "preset-list-reordered": lambda d: d[ACT]["example_systems"].reverse(),
    "example-added": lambda d: d[MP]["example_systems"].append({"id": "acme", "name": "Acme"}),
    "example-removed": lambda d: d[ACT]["example_systems"].pop(),
    "example-name-changed": lambda d: d[ACT]["example_systems"][0].update(name="Renamed"),
    "requirement-added": lambda d: d[MP]["requires"].append({"kind": "crm", "description": "A CRM too."}),
    "requirement-removed": lambda d: d[ECF]["requires"].clear(),
    "requirement-reworded": lambda d: d[ECF]["requires"][0].update(description="Reworded."),
    "note-added": lambda d: d[MP]["notes"].append({"id": "extra", "text": "A note.", "suggest_presets": []}),
    "note-removed": lambda d: d[AN]["notes"].clear(),
    "note-reworded": lambda d: d[AN]["notes"][0].update(text="Reworded."),
    "suggestion-added": lambda d: d[AN]["notes"][0]["suggest_presets"].append("crm"),
    "suggestion-removed": lambda d: d[AN]["notes"][0]["suggest_presets"].clear(),
    "flow-added": lambda d: d[MP]["flows"].update(returns={"import": "no", "export": "no", "exceptions": []}),
    "flow-removed": lambda d: d[MP]["flows"].pop("checkouts"),
    "flow-turned-off": lambda d: d[MP]["flows"]["orders"].update({"import": "no"}),
    "flow-turned-on": lambda d: d[MP]["flows"]["contacts"].update(export="yes"),
    "flow-made-conditional": lambda d: d[MP]["flows"]["orders"].update(
        {"import": "conditional", "import_condition": d[AN]["flows"]["contacts"]["import_condition"]}
    ),
    "flow-made-unconditional": lambda d: (
        d[AN]["flows"]["contacts"].update({"import": "yes"}) or d[AN]["flows"]["contacts"].pop("import_condition")
    ),
    "flow-condition-changed": lambda d: d[AN]["flows"]["contacts"]["import_condition"].update(id="when-applicable"),
    "flow-condition-reworded": lambda d: d[AN]["flows"]["contacts"]["import_condition"].update(footnote="Reworded."),
    "exception-added-restricting": lambda d: d[MP]["flows"]["orders"]["exceptions"].append(_exception("no")),
    "exception-added": lambda d: d[MP]["flows"]["contacts"]["exceptions"].append(_exception("yes")),
    "exception-removed": lambda d: d[CRM]["flows"]["activities"]["exceptions"].clear(),
    "exception-turned-on": lambda d: d[CRM]["flows"]["activities"]["exceptions"][0].update(export="yes"),
    "exception-reworded": lambda d: d[CRM]["flows"]["activities"]["exceptions"][0].update(note="Reworded."),
    "sole-source-added": lambda d: d[MP]["may_be_only_source_of"].append("orders"),
    "sole-source-removed": lambda d: d[FUL]["may_be_only_source_of"].clear(),
    "first-import-added": lambda d: d[MP]["first_import"].update(
        stock={"period": "P1Y", "when_possible": False, "imported": False}
    ),
    "first-import-removed": lambda d: d[MP]["first_import"].pop("orders"),
    "first-import-shorter": lambda d: d[MP]["first_import"]["products"].update(period="P1Y"),
    "first-import-longer": lambda d: d[MP]["first_import"]["orders"].update(period="P14D"),
    "first-import-respelled": lambda d: d[MP]["first_import"]["orders"].update(period="P1W"),
    "first-import-when-possible": lambda d: d[MP]["first_import"]["orders"].update(when_possible=True),
    "first-import-firm": lambda d: d[AN]["first_import"]["activities"].update(when_possible=False),
}
# Changes that need a starting point the bundled catalogue does not have: (prepare the older side, change it).
FROM: dict[str, tuple[Callable[[Docs], None], Callable[[Docs], None]]] = {
    "order-strength-weaker": (
        lambda d: _order(d).update(strength="essential"),
        lambda d: _order(d).update(strength="request"),
    ),
    "first-step-stronger": (
        lambda d: _order(d)["first_step"].update(strength="request"),
        lambda d: _order(d)["first_step"].update(strength="essential"),
    ),
    "first-step-weaker": (lambda d: None, lambda d: _order(d)["first_step"].update(strength="request")),
    "preset-restricted": (
        lambda d: d[MP].update(available_only_for=None),
        lambda d: d[MP].update(available_only_for="marketplaces"),
    ),
    "page-inconsistencies-reordered": (
        lambda d: _order(d)["page_inconsistencies"].append({"at": "steps", "note": "A note."}),
        lambda d: _order(d)["page_inconsistencies"].reverse(),
    ),
    "suggestions-reordered": (
        lambda d: d[AN]["notes"][0]["suggest_presets"].append("crm"),
        lambda d: d[AN]["notes"][0]["suggest_presets"].reverse(),
    ),
    "exception-turned-off": (
        lambda d: d[CRM]["flows"]["activities"]["exceptions"][0].update(export="yes"),
        lambda d: d[CRM]["flows"]["activities"]["exceptions"][0].update(export="no"),
    ),
    "exceptions-reordered": (
        lambda d: d[CRM]["flows"]["activities"]["exceptions"].append(_exception("no")),
        lambda d: d[CRM]["flows"]["activities"]["exceptions"].reverse(),
    ),
}


def _pair(bundled: Docs, rule_id: str) -> tuple[Docs, Docs]:
    old = copy.deepcopy(bundled)
    prepare, change = FROM.get(rule_id, (lambda d: None, MUTATIONS.get(rule_id, lambda d: None)))
    prepare(old)
    new = copy.deepcopy(old)
    change(new)
    return old, new


def _compared(bundled: Docs, rule_id: str) -> tuple[Docs, Docs, Comparison]:
    old, new = _pair(bundled, rule_id)
    return old, new, compare(old, new)


CLASSIFIED = sorted({rule.id for rule in RULES if rule.change_class is not None})
CLASS_OF = {rule.id: rule.change_class for rule in RULES}


def test_every_classified_rule_has_a_change_made_here() -> None:
    assert set(CLASSIFIED) <= set(MUTATIONS) | set(FROM)


@pytest.mark.parametrize("rule_id", CLASSIFIED)
def test_the_rule_fires_with_its_class(bundled: Docs, rule_id: str) -> None:
    old, new, comparison = _compared(bundled, rule_id)
    assert comparison.unclassified == ()
    fired = [c for c in comparison.changes if c.rule == rule_id]
    assert fired, f"{rule_id} did not fire; fired: {[c.rule for c in comparison.changes]}"
    for change in fired:
        assert change.change_class == CLASS_OF[rule_id]
        assert change.text and "{" not in change.text
        if not rule_id.endswith("renamed"):  # a renaming's line gives both ids: they are what changed
            assert not any(i in change.text for i in ("e-commerce-with", "tribe-crm")), change.text


def _keys(items: list[Any]) -> list[str]:
    return [
        next(item[f] for f in ("id", "at", "kind", "system") if f in item) if isinstance(item, dict) else item
        for item in items
    ]


@pytest.mark.parametrize("rule_id", CLASSIFIED)
def test_each_patch_turns_the_older_value_into_the_newer(bundled: Docs, rule_id: str) -> None:
    old, new, comparison = _compared(bundled, rule_id)
    for change in comparison.changes:
        if change.patch is None:  # a whole file removed
            assert change.file not in new
            continue
        after = jsonpatch.apply_patch(copy.deepcopy(old.get(change.file, {})), change.patch)
        here = jsonpatch.JsonPointer(change.old_pointer or "").resolve(after, None)
        if change.file not in old:
            assert after == new[change.file]
        elif change.rule.endswith("reordered"):
            assert [k for k in _keys(here) if k in change.new] == change.new
        elif change.new is None:  # removed: what is there now is not what was removed
            assert here != change.old
        else:
            assert here == change.new


def test_the_issue_lines_in_the_catalogue_s_words(bundled: Docs) -> None:
    lines = {
        rule_id: [c.text for c in _compared(bundled, rule_id)[2].changes]
        for rule_id in ("flow-turned-on", "exception-removed", "first-import-longer", "data-type-added", "step-removed")
    }
    assert lines["flow-turned-on"] == ["Marketplace · Contacts · export: no → yes"]
    assert lines["exception-removed"] == ["CRM · Activities · exception for Tribe CRM removed"]
    assert lines["first-import-longer"] == ["Marketplace · Orders · first import 7 days → 14 days"]
    assert lines["data-type-added"] == ["Data types · Returns: added"]
    assert lines["step-removed"] == ["Connection order · Marketplace(s): step removed"]


def test_a_conditional_flow_reads_as_its_condition(bundled: Docs) -> None:
    changes = _compared(bundled, "flow-made-conditional")[2].changes
    assert [c.text for c in changes] == ["Marketplace · Orders · import: yes → when available"]


def test_a_change_the_table_does_not_know_is_reported(bundled: Docs) -> None:
    old, new = copy.deepcopy(bundled), copy.deepcopy(bundled)
    new[MP]["shipping_zones"] = ["EU"]  # a key no rule covers
    new["extras/unknown.json"] = {}
    comparison = compare(old, new)
    assert {(u.file, u.path) for u in comparison.unclassified} == {
        (MP, ("shipping_zones",)),
        ("extras/unknown.json", ("file",)),
    }


def test_the_same_export_has_no_changes(bundled: Docs) -> None:
    comparison = compare(bundled, copy.deepcopy(bundled))
    assert comparison.changes == () and comparison.unclassified == () and comparison.change_class is None


def test_the_largest_class_wins(bundled: Docs) -> None:
    old, new = copy.deepcopy(bundled), copy.deepcopy(bundled)
    for rule_id in ("preset-summary-changed", "flow-turned-on", "exception-removed"):
        MUTATIONS[rule_id](new)
    comparison = compare(old, new)
    assert comparison.change_class == "major"
    assert (comparison.count("major"), comparison.count("minor"), comparison.count("patch")) == (1, 1, 1)
