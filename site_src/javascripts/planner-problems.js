/* The plan's problems on the page, after the GOV.UK error summary: a box at the top that says how many
   there are and links to each, shown on its system (or, for a problem of the whole setup, under the
   box). Errors come first, then warnings. Each message is the rules' sentence (configs/planner.json)
   with the setup's names in bold; its rule code and place are only in a closed "Details for support". */
import { jsonPath } from "./planner-rules.js";
import { h, plural, sentenceNodes, show } from "./planner-dom.js";

const SEVERITY = { error: "Error", warning: "Warning" };

export const problemId = (n) => `planner-problem-${n + 1}`;

// The index of the system a problem concerns, or null for a problem of the whole setup.
export const systemOf = (problem) =>
  problem.path[0] === "systems" && typeof problem.path[1] === "number" ? problem.path[1] : null;

// The problems with their place in the plan's list (for their ids), errors first, each kind in its order.
export const numbered = (problems) => {
  const all = problems.map((problem, n) => ({ problem, n }));
  return [...all.filter((p) => p.problem.severity === "error"), ...all.filter((p) => p.problem.severity !== "error")];
};

const names = (result) => result.systems.map((s) => s.name);

// One problem as its system's entry (or the setup's section) shows it.
export const problemItem = ({ problem, n }, result, cut) =>
  h(
    "li",
    { class: `cp-planner-problem cp-planner-problem--${problem.severity}`, id: problemId(n), tabindex: "-1" },
    h("span", { class: "cp-planner-problem__severity" }, SEVERITY[problem.severity] ?? problem.severity),
    " ",
    h("span", { class: "cp-planner-message" }, sentenceNodes(problem.message, names(result))),
    h(
      "details",
      { class: "cp-planner-support-details" },
      h("summary", {}, "Details for support"),
      h(
        "dl",
        {},
        h("dt", {}, "Rule"),
        h("dd", {}, h("code", { class: "cp-planner-code" }, problem.code)),
        h("dt", {}, "Place in the setup file"),
        h("dd", {}, h("code", { class: "cp-planner-path" }, jsonPath(problem.path, cut))),
      ),
    ),
  );

export const problemList = (items, result, cut) =>
  items.length ? h("ul", { class: "cp-planner-problem-list" }, items.map((item) => problemItem(item, result, cut))) : null;

// Where a summary's link leads: the problem, focused (it has tabindex -1), as GOV.UK's summary does.
const follow = (event) => {
  const target = document.getElementById(event.currentTarget.getAttribute("href").slice(1));
  if (target === null) return;
  event.preventDefault();
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
};

const summaryItem = ({ problem, n }, result) => {
  const index = systemOf(problem);
  // The name isolated (<bdi>): a right-to-left mark in it must not turn "(system 2)" round.
  const where = index === null ? "The setup" : [h("bdi", {}, result.systems[index].name), ` (system ${index + 1})`];
  return h(
    "li",
    { class: `cp-planner-summary__item cp-planner-summary__item--${problem.severity}` },
    h("span", { class: "cp-planner-summary__where" }, `${SEVERITY[problem.severity] ?? problem.severity}: `, where),
    h("a", { href: `#${problemId(n)}`, onclick: follow }, sentenceNodes(problem.message, names(result))),
  );
};

// The summary at the top: nothing before the first system, a short "no problems" note, or the box.
// Returns whether the problems changed, so that the caller announces it once.
export const renderSummary = (target, result, hasSystems, cut) => {
  const key = hasSystems ? JSON.stringify(result.problems.map((p) => [p.path, p.message])) : "";
  if (target.dataset.shown === key) return false;
  target.dataset.shown = key;
  if (!hasSystems) {
    show(target);
    return true;
  }
  if (result.problems.length === 0) {
    show(
      target,
      h(
        "div",
        { class: "admonition success cp-planner-ok", tabindex: "-1" },
        h("p", { class: "admonition-title" }, "No problems"),
        h("p", {}, "The setup follows every rule of the catalogue."),
      ),
    );
    return true;
  }
  const items = numbered(result.problems);
  const errors = result.problems.filter((p) => p.severity === "error").length;
  const warnings = result.problems.length - errors;
  const count = result.problems.length;
  const ofSetup = items.filter((item) => systemOf(item.problem) === null);
  show(
    target,
    h(
      "div",
      { class: "cp-planner-error-summary", tabindex: "-1", "aria-labelledby": "planner-summary-title" },
      h(
        "div",
        { role: "alert" },
        h(
          "h2",
          { class: "cp-planner-error-summary__title", id: "planner-summary-title" },
          count === 1 ? "There is a problem" : `There are ${count} problems`,
        ),
        h(
          "p",
          { class: "cp-planner-error-summary__count" },
          `${plural(errors, "error", "errors")} and ${plural(warnings, "warning", "warnings")}. Each is shown on its system too.`,
        ),
        h("ul", { class: "cp-planner-error-summary__list" }, items.map((item) => summaryItem(item, result))),
      ),
    ),
    ofSetup.length
      ? h(
          "div",
          { class: "cp-planner-setup-problems" },
          h("p", { class: "cp-planner-setup-problems__title" }, "Problems of the whole setup"),
          problemList(ofSetup, result, cut),
        )
      : null,
  );
  return true;
};
