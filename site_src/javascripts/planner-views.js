/* The plan's checklist (the customer's printable ending) and its routing table. Every fact comes from
   the configs through the catalogue that planner-rules.js makes of them. */
import { h, show } from "./planner-dom.js";

export const badge = (text, kind) => h("span", { class: `cp-planner-badge cp-planner-badge--${kind}` }, text);

// The periods of the data the preset imports (imported: true), or those the page gives for data
// its table shows it does not import (the page contradicts itself there).
const periods = (catalog, preset, imported = true) =>
  Object.entries(preset.first_import)
    .filter(([, firstImport]) => firstImport.imported === imported)
    .map(
      ([dataType, firstImport]) =>
        `${catalog.dataTypeLabels.get(dataType) ?? dataType} ${catalog.planner.periods[firstImport.period] ?? firstImport.period}` +
        (firstImport.when_possible ? catalog.planner.when_possible : ""),
    );

const placeholder = (text) => h("p", { class: "cp-planner-placeholder" }, text);

export const renderChecklist = (target, catalog, result, account) => {
  if (result.systems.length === 0) {
    show(target, placeholder("The checklist appears when you add a system."));
    return;
  }
  const left = result.systems.filter((_, i) => !result.checklist.some((item) => item.index === i)).map((s) => s.name);
  const items = result.checklist.map((item) => {
    const first = periods(catalog, item.preset);
    const notImported = periods(catalog, item.preset, false);
    return h(
      "li",
      { class: "cp-planner-step" },
      h(
        "p",
        { class: "cp-planner-step__title" },
        h("strong", { class: "cp-planner-step__system" }, item.system.name),
        " ",
        h("span", { class: "cp-planner-step__preset" }, `${item.preset.name} preset`),
        item.system.connected ? [" ", badge("connected already", "connected")] : null,
      ),
      h("p", { class: "cp-planner-step__meta" }, `Step ${item.step.number} of the connection order: ${item.step.label}`),
      h(
        "p",
        { class: "cp-planner-step__first" },
        h("span", { class: "cp-planner-step__label" }, "First import: "),
        first.length ? first.join(", ") : "none",
      ),
      notImported.length
        ? h(
            "p",
            { class: "cp-planner-step__not-imported" },
            `The help page also gives periods for data this preset does not import: ${notImported.join(", ")}.`,
          )
        : null,
      item.support
        ? h("p", { class: "cp-planner-support" }, h("strong", {}, `Then, ${item.support.contact}: `), item.support.text)
        : null,
    );
  });
  show(
    target,
    account ? h("p", { class: "cp-planner-print-account" }, h("strong", {}, "Account: "), h("bdi", {}, account)) : null,
    items.length ? h("ol", { class: "cp-planner-checklist" }, items) : placeholder("No system can be placed yet."),
    // Each name isolated (<bdi>), so that a right-to-left mark in one cannot turn the others round.
    left.length
      ? h("p", { class: "cp-planner-left" }, "Left out until their problems are solved: ", left.flatMap((name, i) => [i ? ", " : "", h("bdi", {}, name)]), ".")
      : null,
  );
};

export const renderRouting = (target, result) => {
  if (result.systems.length === 0) {
    show(target, placeholder("The routing appears when you add a system."));
    return;
  }
  const notes = [];
  const noteNumber = (text) => {
    if (!notes.includes(text)) notes.push(text);
    return notes.indexOf(text) + 1;
  };
  const cell = (ends) => {
    if (ends.length === 0) {
      return h(
        "td",
        { class: "cp-planner-none" },
        h("span", { "aria-hidden": "true" }, "–"),
        h("span", { class: "cp-visually-hidden" }, "none"),
      );
    }
    return h(
      "td",
      {},
      h(
        "ul",
        { class: "cp-planner-ends" },
        ends.map((end) => {
          const number = end.note ? noteNumber(end.note) : null;
          return h(
            "li",
            { "data-system": end.name, "data-state": end.state },
            h("bdi", {}, end.name),
            end.condition ? h("span", { class: "cp-planner-condition" }, ` (${end.condition.label})`) : null,
            number
              ? h(
                  "sup",
                  {},
                  h("a", { href: `#planner-note-${number}`, class: "cp-planner-note-ref", "aria-label": `note ${number}` }, `${number}`),
                )
              : null,
          );
        }),
      ),
    );
  };
  const rows = result.routing.map((route) =>
    h(
      "tr",
      { "data-data-type": route.dataType.id },
      h("th", { scope: "row" }, route.dataType.label),
      cell(route.into),
      cell(route.from),
    ),
  );
  const table = h(
    "table",
    {},
    h("caption", { class: "cp-visually-hidden" }, "Routing of each data type through Connect"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Data type"),
        h("th", { scope: "col" }, "Into Connect from"),
        h("th", { scope: "col" }, "From Connect to"),
      ),
    ),
    h("tbody", {}, rows),
  );
  show(
    target,
    h("div", { class: "md-typeset__scrollwrap" }, h("div", { class: "md-typeset__table" }, table)),
    notes.length
      ? h(
          "div",
          { class: "cp-planner-notes" },
          h("p", { class: "cp-planner-notes__title", id: "planner-notes-title" }, "Notes"),
          h(
            "p",
            { class: "cp-planner-hint" },
            "A number after a system leads to a note of its preset about named systems: check whether it concerns yours.",
          ),
          h(
            "ol",
            { "aria-labelledby": "planner-notes-title" },
            notes.map((text, n) => h("li", { id: `planner-note-${n + 1}` }, text)),
          ),
        )
      : null,
  );
};
