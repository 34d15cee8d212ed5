/* The "Plan your setup" page: what `connect-presets plan` does, in the browser, from the site's configs
   alone (configs/index.json, configs/presets/<id>.json and configs/planner.json, found through the
   data-configs attribute of <div id="planner">).

   This module is the page: it builds the form, keeps the setup and shows the plan. The rules are in
   planner-rules.js (no DOM; node tests it against the plans Python makes, tests/js/). Every catalogue
   fact comes from the configs and every sentence of a problem from configs/planner.json.
   window.connectPlanner.plan(setup) returns what generator.planning.as_json(plan(setup, catalog))
   returns for the same setup built in code, with null for a problem's line and column.

   Does nothing on any page without #planner. No framework, nothing from other hosts; every text from
   the configs or the reader reaches the page through textContent, never as HTML. */
import { asJson, checkFormat, jsonPath, makeCatalog, makePlan, servesKind } from "./planner-rules.js";

const getJson = async (url) => {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status} ${response.statusText}`.trim());
  return response.json();
};

const loadCatalog = async (base) => {
  const indexUrl = new URL("index.json", base);
  const index = await getJson(indexUrl);
  checkFormat(index);
  const planner = await getJson(new URL("planner.json", base));
  const presets = await Promise.all(index.presets.map((entry) => getJson(new URL(entry.config, indexUrl))));
  return makeCatalog(index, presets, planner);
};

const root = document.getElementById("planner");
if (root !== null) start(root);

function start(root) {
  /* ---------------------------------------------------------------- the setup as YAML */

  // Plain where no YAML reader can take the text for anything but a string; double-quoted otherwise.
  const PLAIN = /^[A-Za-z](?:[A-Za-z0-9 _.-]*[A-Za-z0-9_.])?$/u;
  const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null)$/iu;
  const yamlScalar = (text) => {
    const value = String(text);
    if (PLAIN.test(value) && !RESERVED.test(value)) return value;
    let out = '"';
    for (const char of value) {
      const code = char.codePointAt(0);
      if (char === '"' || char === "\\") out += `\\${char}`;
      else if (char === "\t") out += "\\t";
      else if (char === "\n") out += "\\n";
      else if (
        code < 0x20 ||
        (code >= 0x7f && code <= 0x9f) ||
        (code >= 0xd800 && code <= 0xdfff) ||
        [0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff].includes(code)
      ) {
        out += `\\u${code.toString(16).padStart(4, "0")}`;
      } else out += char;
    }
    return `${out}"`;
  };

  const toYaml = (setup) => {
    const lines = ["# Check it with: connect-presets plan setup.yaml"];
    if (setup?.account != null && setup.account !== "") lines.push(`account: ${yamlScalar(setup.account)}`);
    const systems = setup?.systems ?? [];
    lines.push(systems.length ? "systems:" : "systems: []");
    for (const s of systems) {
      lines.push(`  - name: ${yamlScalar(s.name)}`, `    kind: ${yamlScalar(s.kind)}`, `    preset: ${yamlScalar(s.preset)}`);
      if (s.system != null) lines.push(`    system: ${yamlScalar(s.system)}`);
      if (s.connected) lines.push("    connected: true");
      const wants = Object.entries(s.wants ?? {});
      if (wants.length) {
        lines.push("    wants:");
        for (const [dataType, want] of wants) lines.push(`      ${yamlScalar(dataType)}: ${yamlScalar(want)}`);
      }
    }
    return `${lines.join("\n")}\n`;
  };

  /* ---------------------------------------------------------------- words for the page */

  // wording.period_text, as configs/planner.json words each of the catalogue's periods: P3D -> '3 days'.
  const periodText = (period) => catalog.planner.periods[period] ?? period;

  const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

  /* ---------------------------------------------------------------- DOM helpers (text only) */

  const h = (tag, attributes = {}, ...children) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") element.className = value;
      else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) element.append(child);
    }
    return element;
  };

  // replaceChildren without the null of an absent optional part ("null" would be shown).
  const show = (target, ...children) =>
    target.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));

  const part = (name) => {
    let element = root.querySelector(`[data-planner-part="${name}"]`);
    if (element === null) {
      element = h("div", { "data-planner-part": name });
      root.append(element);
    }
    return element;
  };

  /* ---------------------------------------------------------------- the page */

  const configs = new URL(root.dataset.configs || "configs/", document.baseURI);
  if (!configs.pathname.endsWith("/")) configs.pathname += "/";

  let catalog = null;
  const need = () => {
    if (catalog === null) throw new Error("the planner is still loading its configs: await connectPlanner.ready");
    return catalog;
  };

  const api = {
    ready: null,
    plan: (setup) => asJson(need(), makePlan(need(), setup)),
    toYaml,
  };
  window.connectPlanner = api;

  const ui = {};
  const model = { account: "", systems: [], nextKey: 1 };

  const setupOf = () => {
    const setup = {};
    if (model.account.trim() !== "") setup.account = model.account.trim();
    setup.systems = model.systems.map((s) => {
      const entry = { name: s.name, kind: s.kind, preset: s.preset };
      if (s.system) entry.system = s.system;
      if (s.connected) entry.connected = true;
      if (Object.keys(s.wants).length) entry.wants = { ...s.wants };
      return entry;
    });
    return setup;
  };

  const announce = (text) => {
    // Cleared first, so that the same words said twice are announced twice.
    ui.status.textContent = "";
    window.setTimeout(() => {
      ui.status.textContent = text;
    }, 50);
  };

  let fieldCount = 0;
  const field = (labelText, control, hint) => {
    const id = control.id || `planner-field-${(fieldCount += 1)}`;
    control.id = id;
    const hintElement = hint ?? null;
    if (hintElement !== null) {
      hintElement.id = `${id}-hint`;
      control.setAttribute("aria-describedby", hintElement.id);
    }
    return h("div", { class: "cp-planner-field" }, h("label", { for: id }, labelText), control, hintElement);
  };

  const presetsForKind = (kind) => catalog.presetList.filter((p) => servesKind(p, kind));
  const namedForKind = (kind) => [...catalog.named.values()].filter((s) => s.kind === kind);

  const fillSelect = (select, options, keep) => {
    const previous = keep ? select.value : null;
    show(select, ...options.map(([value, label]) => h("option", { value }, label)));
    if (previous !== null && options.some(([value]) => value === previous)) select.value = previous;
  };

  const kindChanged = () => {
    const kind = ui.kind.value;
    // The page describes no kind of system: the hint names the presets there are for it.
    const forKind = presetsForKind(kind).map((p) => p.name);
    ui.kindHint.textContent = forKind.length ? `Presets for this kind of system: ${forKind.join(", ")}.` : "";
    const presets = presetsForKind(kind);
    fillSelect(
      ui.preset,
      presets.map((p) => [p.id, p.name]),
      true,
    );
    ui.preset.disabled = presets.length === 0;
    presetChanged();
    const namedSystems = namedForKind(kind);
    fillSelect(ui.system, [["", "None of these"], ...namedSystems.map((s) => [s.id, s.name])], true);
    ui.systemField.hidden = namedSystems.length === 0;
  };

  const presetChanged = () => {
    const preset = catalog.presets.get(ui.preset.value);
    // What the page says of the preset: its restriction and when to choose it, else its summary.
    const said = preset
      ? [preset.available_only_for ? `Available only for ${preset.available_only_for}.` : null, preset.when_to_select]
          .filter(Boolean)
          .join(" ") || preset.summary
      : null;
    ui.presetHint.textContent = said ?? "No preset serves this kind of system.";
  };

  const buildForm = () => {
    ui.kind = h("select", { id: "planner-kind", name: "kind" });
    fillSelect(
      ui.kind,
      catalog.kindList.map((k) => [k.id, k.label]),
      false,
    );
    ui.kindHint = h("p", { class: "cp-planner-hint" });
    ui.preset = h("select", { id: "planner-preset", name: "preset" });
    ui.presetHint = h("p", { class: "cp-planner-hint" });
    ui.system = h("select", { id: "planner-system", name: "system" });
    ui.systemField = field(
      "Named system (optional)",
      ui.system,
      h("p", { class: "cp-planner-hint" }, "Choose it when the catalogue names the system: its own exceptions then apply."),
    );
    ui.name = h("input", {
      id: "planner-name",
      name: "name",
      type: "text",
      autocomplete: "off",
      maxlength: 120,
      "aria-required": "true",
    });
    ui.nameError = h("p", { class: "cp-planner-error", id: "planner-name-error", hidden: true });
    ui.connected = h("input", { id: "planner-connected", name: "connected", type: "checkbox" });
    ui.wants = new Map();
    const wantRows = catalog.dataTypes.map((dataType) => {
      const select = h(
        "select",
        { id: `planner-want-${dataType.id}`, name: `want-${dataType.id}` },
        h("option", { value: "" }, "No expectation"),
        h("option", { value: "import" }, "Import into Connect"),
        h("option", { value: "export" }, "Export from Connect"),
        h("option", { value: "both" }, "Both"),
      );
      ui.wants.set(dataType.id, select);
      return h("div", { class: "cp-planner-want" }, h("label", { for: select.id }, dataType.label), select);
    });
    ui.wantsDetails = h(
      "details",
      { class: "cp-planner-wants" },
      h("summary", {}, "Wanted flows (optional)"),
      h(
        "p",
        { class: "cp-planner-hint" },
        "The flows you expect for this system. The plan warns when its preset does not provide one.",
      ),
      h("div", { class: "cp-planner-want-grid" }, wantRows),
    );
    ui.kind.addEventListener("change", kindChanged);
    ui.kind.addEventListener("input", kindChanged);
    ui.preset.addEventListener("change", presetChanged);
    ui.preset.addEventListener("input", presetChanged);
    ui.name.addEventListener("input", () => {
      ui.nameError.hidden = true;
      ui.nameError.textContent = "";
      ui.name.removeAttribute("aria-invalid");
    });

    const nameField = field(
      "Name",
      ui.name,
      h("p", { class: "cp-planner-hint" }, "The account's own name for the system, such as the shop's name."),
    );
    ui.name.setAttribute("aria-describedby", `${ui.name.getAttribute("aria-describedby")} planner-name-error`);
    nameField.append(ui.nameError);

    ui.form = h(
      "form",
      { class: "cp-planner-form", novalidate: true, "aria-labelledby": "planner-add-heading", onsubmit: addSystem },
      h("h3", { id: "planner-add-heading" }, "Add a system"),
      h(
        "div",
        { class: "cp-planner-fields" },
        nameField,
        field("Kind of system", ui.kind, ui.kindHint),
        field("Preset", ui.preset, ui.presetHint),
        ui.systemField,
      ),
      h("div", { class: "cp-planner-check" }, ui.connected, h("label", { for: ui.connected.id }, "Connected already")),
      ui.wantsDetails,
      h(
        "p",
        { class: "cp-planner-actions" },
        h("button", { type: "submit", class: "md-button md-button--primary" }, "Add system"),
      ),
    );
    kindChanged();
  };

  function addSystem(event) {
    event.preventDefault();
    const name = ui.name.value.trim();
    if (name === "") {
      ui.nameError.textContent = "Give the system a name.";
      ui.nameError.hidden = false;
      ui.name.setAttribute("aria-invalid", "true");
      ui.name.focus();
      return;
    }
    if (ui.preset.disabled || !ui.preset.value) {
      announce("No preset serves this kind of system.");
      ui.kind.focus();
      return;
    }
    const wants = {};
    for (const [dataType, select] of ui.wants) if (select.value) wants[dataType] = select.value;
    model.systems.push({
      key: model.nextKey++,
      name,
      kind: ui.kind.value,
      preset: ui.preset.value,
      system: ui.systemField.hidden ? "" : ui.system.value,
      connected: ui.connected.checked,
      wants,
    });
    ui.name.value = "";
    ui.connected.checked = false;
    ui.system.value = "";
    for (const select of ui.wants.values()) select.value = "";
    ui.wantsDetails.open = false;
    update();
    announce(`Added ${name} as system ${model.systems.length}.`);
    ui.name.focus();
  }

  const move = (key, by) => {
    const from = model.systems.findIndex((s) => s.key === key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= model.systems.length) return;
    const [system] = model.systems.splice(from, 1);
    model.systems.splice(to, 0, system);
    update({ key, control: by < 0 ? "up" : "down" });
    announce(`${system.name} moved to position ${to + 1} of ${model.systems.length}.`);
  };

  const remove = (key) => {
    const index = model.systems.findIndex((s) => s.key === key);
    if (index < 0) return;
    const [system] = model.systems.splice(index, 1);
    const next = model.systems[Math.min(index, model.systems.length - 1)];
    update(next ? { key: next.key, control: "remove" } : { element: ui.name });
    announce(`Removed ${system.name}.`);
  };

  const focusAfter = (target) => {
    if (!target) return;
    if (target.element) {
      target.element.focus();
      return;
    }
    const item = ui.list.querySelector(`li[data-key="${target.key}"]`);
    if (item === null) return;
    const order = { up: ["up", "down", "remove"], down: ["down", "up", "remove"], remove: ["remove"] }[target.control];
    for (const control of order) {
      const button = item.querySelector(`button[data-action="${control}"]`);
      if (button !== null && !button.disabled) {
        button.focus();
        return;
      }
    }
  };

  const badge = (text, kind) => h("span", { class: `cp-planner-badge cp-planner-badge--${kind}` }, text);

  const renderSystems = (result) => {
    const count = model.systems.length;
    const issues = new Map();
    for (const p of result.problems) {
      const index = p.path[1];
      const entry = issues.get(index) ?? { error: 0, warning: 0 };
      entry[p.severity] += 1;
      issues.set(index, entry);
    }
    show(ui.list,
      ...model.systems.map((system, i) => {
        const kind = catalog.kinds.get(system.kind);
        const preset = catalog.presets.get(system.preset);
        const namedSystem = system.system ? catalog.named.get(system.system) : null;
        const wants = Object.entries(system.wants).map(
          ([dataType, want]) =>
            `${catalog.dataTypeLabels.get(dataType) ?? dataType} ${want === "both" ? "import and export" : want}`,
        );
        const found = issues.get(i);
        const button = (action, text, disabled) =>
          h(
            "button",
            {
              type: "button",
              class: `md-button cp-planner-small${action === "remove" ? " cp-planner-remove" : ""}`,
              "data-action": action,
              "aria-label": `${text}: ${system.name}`,
              disabled,
              onclick: () => (action === "remove" ? remove(system.key) : move(system.key, action === "up" ? -1 : 1)),
            },
            text,
          );
        return h(
          "li",
          { class: "cp-planner-system", "data-key": system.key },
          h(
            "div",
            { class: "cp-planner-system__text" },
            h("span", { class: "cp-planner-system__name" }, system.name),
            " ",
            system.connected ? badge("connected already", "connected") : null,
            found?.error ? badge(plural(found.error, "error", "errors"), "error") : null,
            found?.warning ? badge(plural(found.warning, "warning", "warnings"), "warning") : null,
            h(
              "span",
              { class: "cp-planner-system__meta" },
              [kind?.label ?? system.kind, `${preset?.name ?? system.preset} preset`, namedSystem?.name]
                .filter(Boolean)
                .join(" · "),
            ),
            wants.length ? h("span", { class: "cp-planner-system__meta" }, `Wanted flows: ${wants.join(", ")}`) : null,
          ),
          h(
            "div",
            { class: "cp-planner-system__buttons" },
            button("up", "Move up", i === 0),
            button("down", "Move down", i === count - 1),
            button("remove", "Remove", false),
          ),
        );
      }),
    );
    ui.list.hidden = count === 0;
    ui.empty.hidden = count !== 0;
  };

  const concerns = (result, p) => {
    const index = p.path[1];
    const system = typeof index === "number" ? result.systems[index] : undefined;
    return system ? `${system.name} (system ${index + 1})` : "The setup";
  };

  const renderProblems = (result) => {
    const target = part("problems");
    if (model.systems.length === 0) {
      show(target, h("p", { class: "cp-planner-placeholder" }, "Add a system to check the setup."));
      return;
    }
    const errors = result.problems.filter((p) => p.severity === "error").length;
    const warnings = result.problems.length - errors;
    if (result.problems.length === 0) {
      show(target, 
        h(
          "div",
          { class: "admonition success cp-planner-ok" },
          h("p", { class: "admonition-title" }, "No problems"),
          h("p", {}, "The setup follows every rule of the catalogue."),
        ),
      );
      return;
    }
    show(target, 
      h(
        "p",
        { class: "cp-planner-summary" },
        `${plural(errors, "error", "errors")} and ${plural(warnings, "warning", "warnings")}.`,
      ),
      h(
        "ul",
        { class: "cp-planner-problems" },
        result.problems.map((p) =>
          h(
            "li",
            {
              class: `admonition ${p.severity === "error" ? "failure" : "warning"}`,
              "data-code": p.code,
              "data-path": jsonPath(p.path, catalog.planner.cut),
            },
            h(
              "p",
              { class: "admonition-title" },
              `${p.severity === "error" ? "Error" : "Warning"}: ${concerns(result, p)}`,
            ),
            h(
              "p",
              {},
              h("span", { class: "cp-planner-message" }, p.message),
              " ",
              h("code", { class: "cp-planner-code" }, p.code),
            ),
          ),
        ),
      ),
    );
  };

  // The periods of the data the preset imports (imported: true), or those the page gives for data
  // its table shows it does not import (the page contradicts itself there).
  const periods = (preset, imported = true) =>
    Object.entries(preset.first_import)
      .filter(([, firstImport]) => firstImport.imported === imported)
      .map(
        ([dataType, firstImport]) =>
          `${catalog.dataTypeLabels.get(dataType) ?? dataType} ${periodText(firstImport.period)}` +
          (firstImport.when_possible ? catalog.planner.when_possible : ""),
      );

  const renderChecklist = (result) => {
    const target = part("checklist");
    if (model.systems.length === 0) {
      show(target, h("p", { class: "cp-planner-placeholder" }, "The checklist appears when you add a system."));
      return;
    }
    const left = result.systems.filter((_, i) => !result.checklist.some((item) => item.index === i)).map((s) => s.name);
    const items = result.checklist.map((item) => {
      const first = periods(item.preset);
      const notImported = periods(item.preset, false);
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
          ? h(
              "p",
              { class: "cp-planner-support" },
              h("strong", {}, `Then, ${item.support.contact}: `),
              item.support.text,
            )
          : null,
      );
    });
    show(target, 
      items.length
        ? h("ol", { class: "cp-planner-checklist" }, items)
        : h("p", { class: "cp-planner-placeholder" }, "No system can be placed yet."),
      left.length
        ? h("p", { class: "cp-planner-left" }, `Left out until their problems are solved: ${left.join(", ")}.`)
        : null,
    );
  };

  const renderRouting = (result) => {
    const target = part("routing");
    if (model.systems.length === 0) {
      show(target, h("p", { class: "cp-planner-placeholder" }, "The routing appears when you add a system."));
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
              end.name,
              end.condition ? h("span", { class: "cp-planner-condition" }, ` (${end.condition.label})`) : null,
              number
                ? h(
                    "sup",
                    {},
                    h(
                      "a",
                      { href: `#planner-note-${number}`, class: "cp-planner-note-ref", "aria-label": `note ${number}` },
                      `${number}`,
                    ),
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
    show(target, 
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

  const renderYaml = () => {
    const text = toYaml(setupOf());
    ui.yaml.value = text;
    ui.yaml.rows = Math.min(Math.max(text.split("\n").length, 4), 30);
  };

  const copyYaml = async () => {
    const text = ui.yaml.value;
    try {
      if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      ui.copyStatus.textContent = "Copied to the clipboard.";
    } catch {
      ui.yaml.focus();
      ui.yaml.select();
      ui.copyStatus.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
    }
  };

  const buildYaml = () => {
    ui.yaml = h("textarea", {
      id: "planner-yaml",
      class: "cp-planner-yaml",
      readonly: true,
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": "planner-yaml-hint",
    });
    ui.copyStatus = h("span", { class: "cp-planner-copy-status", role: "status" });
    show(part("yaml"), 
      h(
        "p",
        { id: "planner-yaml-hint" },
        "Save it as ",
        h("code", {}, "setup.yaml"),
        " and run ",
        h("code", {}, "connect-presets plan setup.yaml"),
        " for the same plan, or keep it with the account's documents.",
      ),
      h("div", { class: "cp-planner-field" }, h("label", { for: ui.yaml.id }, "Setup file (YAML)"), ui.yaml),
      h(
        "p",
        { class: "cp-planner-actions" },
        h("button", { type: "button", class: "md-button", onclick: copyYaml }, "Copy"),
        " ",
        ui.copyStatus,
      ),
    );
  };

  const update = (focus) => {
    const result = makePlan(catalog, setupOf());
    renderSystems(result);
    renderProblems(result);
    renderChecklist(result);
    renderRouting(result);
    renderYaml();
    ui.copyStatus.textContent = "";
    focusAfter(focus);
  };

  const buildUi = () => {
    ui.status = h("p", { class: "cp-visually-hidden", role: "status", "aria-live": "polite" });
    ui.account = h("input", {
      id: "planner-account",
      name: "account",
      type: "text",
      autocomplete: "off",
      maxlength: 120,
    });
    ui.account.addEventListener("input", () => {
      model.account = ui.account.value;
      renderYaml();
    });
    ui.list = h("ol", { class: "cp-planner-systems", "aria-label": "Systems, in the order of connecting" });
    ui.empty = h("p", { class: "cp-planner-placeholder" }, "No systems yet: add the first one below.");
    buildForm();
    buildYaml();
    show(part("systems"), 
      field("Account (optional)", ui.account),
      ui.list,
      ui.empty,
      ui.form,
      ui.status,
    );
    const status = part("status");
    status.textContent = `Presets of catalogue version ${catalog.version}, read from this site's configs.`;
    status.className = "cp-planner-source";
    root.classList.add("cp-planner--ready");
    update();
  };

  const fail = (error) => {
    const status = part("status");
    status.className = "cp-planner-failed admonition failure";
    show(status, 
      h("span", { class: "admonition-title" }, "The planner could not load the presets"),
      h("span", {}, `${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`),
    );
  };

  api.ready = loadCatalog(configs).then((loaded) => {
    catalog = loaded;
    buildUi();
  });
  api.ready.catch(fail);
}
