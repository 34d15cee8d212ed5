// The browser's planner rules (site_src/javascripts/planner-rules.js) against the plans Python makes
// of the same setups (tests/js/planner-corpus.json, from tests/js/make_corpus.py). No browser: node.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { closest, edits, makeCatalog, plan } from "../../site_src/javascripts/planner-rules.js";

const corpus = JSON.parse(readFileSync(new URL("./planner-corpus.json", import.meta.url), "utf8"));
const catalogues = Object.fromEntries(
  Object.entries(corpus.catalogues).map(([name, c]) => [name, makeCatalog(c.index, c.presets, corpus.planner)]),
);

for (const entry of corpus.cases) {
  test(`${entry.name} plans as in Python`, () => {
    assert.deepEqual(plan(catalogues[entry.catalogue], entry.setup), entry.plan);
  });
}

test("the corpus shows every rule code of the published table", () => {
  const shown = new Set(corpus.cases.flatMap((entry) => entry.plan.problems.map((p) => p.code)));
  assert.deepEqual(
    corpus.planner.rules.map((r) => r.code).filter((code) => !shown.has(code)),
    [],
  );
});

test("did you mean: the fewest edits, at most one per three characters, ties to the first listed", () => {
  assert.equal(edits("kitten", "sitting"), 3);
  assert.equal(edits("CRM", "crm"), 0);
  assert.equal(edits("nmae", "name"), 1); // two neighbours swapped: one edit
  assert.equal(closest("e-comerce", ["crm", "e-commerce"]), "e-commerce");
  assert.equal(closest("ab", ["xy"]), null);
  assert.equal(closest("abc", ["abd", "abe"]), "abd");
});
