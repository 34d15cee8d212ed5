/* The "Plan your setup" page: what `connect-presets plan` does, in the browser, from the site's configs
   alone (configs/index.json, configs/presets/<id>.json and configs/planner.json, found through the
   data-configs attribute of <div id="planner">).

   This module is the page: it keeps the setup, wires the parts together and shows the plan. The rules
   are in planner-rules.js (no DOM; node tests it against the plans Python makes, tests/js/); the form
   in planner-form.js, the problems in planner-problems.js, the checklist and routing in
   planner-views.js, the setup file in planner-yaml.js, keeping and links in planner-keep.js.
   window.connectPlanner.plan(setup) returns what generator.planning.as_json(plan(setup, catalog))
   returns for the same setup built in code, with null for a problem's line and column.

   Does nothing on any page without #planner. No framework, nothing from other hosts; every text from
   the configs or the reader reaches the page through textContent, never as HTML. */
import { asJson, checkFormat, makeCatalog, makePlan } from "./planner-rules.js";
import { h, listed, oneLine, plural, show } from "./planner-dom.js";
import { makeForm } from "./planner-form.js";
import { isSetupFragment, keepSetup, keptSetup, linkedSetup, linkTo } from "./planner-keep.js";
import { numbered, problemList, renderSummary, systemOf } from "./planner-problems.js";
import { badge, renderChecklist, renderRouting } from "./planner-views.js";
import { readSetupText, toYaml } from "./planner-yaml.js";

const getJson = async (url) => {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status} ${response.statusText}`.trim());
  return response.json();
};

const loadCatalog = async (base) => {
  // A site built to be opened from a file (`connect-presets build --offline`) sets the configs in a
  // classic script, configs/planner-data.js: such a page may not fetch them (generator/site/offline.py).
  const inlined = window.connectPlannerConfigs;
  if (inlined !== undefined) {
    checkFormat(inlined.index);
    return makeCatalog(inlined.index, inlined.index.presets.map((entry) => inlined.configs[entry.config]), inlined.planner);
  }
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
  const part = (name) => {
    let element = root.querySelector(`[data-planner-part="${name}"]`);
    if (element === null) {
      element = h("div", { "data-planner-part": name });
      root.append(element);
    }
    return element;
  };

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
  const model = { account: "", systems: [], nextKey: 1, editing: null };

  /* ---------------------------------------------------------------- the setup and the model */

  const setupOf = () => {
    const setup = {};
    if (oneLine(model.account) !== "") setup.account = oneLine(model.account);
    setup.systems = model.systems.map((s) => {
      const entry = { name: s.name, kind: s.kind, preset: s.preset };
      if (s.system) entry.system = s.system;
      if (s.connected) entry.connected = true;
      if (Object.keys(s.wants).length) entry.wants = { ...s.wants };
      return entry;
    });
    return setup;
  };

  const withKey = (system) => ({
    key: model.nextKey++,
    name: system.name,
    kind: system.kind,
    preset: system.preset,
    system: system.system ?? "",
    connected: Boolean(system.connected),
    wants: { ...(system.wants ?? {}) },
  });

  // A checked setup (checkSetup's) in place of the page's.
  const replaceSetup = (setup) => {
    model.account = setup.account ?? "";
    model.systems = setup.systems.map(withKey);
    ui.account.value = model.account;
    if (model.editing !== null) stopEditing();
  };

  const announce = (text) => {
    // Cleared first, so that the same words said twice are announced twice.
    ui.status.textContent = "";
    window.setTimeout(() => {
      ui.status.textContent = text;
    }, 50);
  };

  const systemAt = (key) => model.systems.findIndex((s) => s.key === key);

  /* ---------------------------------------------------------------- changing the list */

  const submitted = (fields) => {
    if (model.editing !== null) {
      const index = systemAt(model.editing);
      const key = model.editing;
      model.systems[index] = { ...fields, key };
      stopEditing();
      update({ key, control: "edit" });
      announce(`Saved the changes to ${fields.name}.`);
      return;
    }
    model.systems.push({ ...fields, key: model.nextKey++ });
    form.load(null, null);
    update();
    announce(`Added ${fields.name} as system ${model.systems.length}.`);
    form.name.focus();
  };

  const startEditing = (key) => {
    const system = model.systems[systemAt(key)];
    model.editing = key;
    form.load(system, system.name);
    update();
    form.element.scrollIntoView({ block: "start" });
    form.name.focus({ preventScroll: true });
  };

  const stopEditing = () => {
    model.editing = null;
    form.load(null, null);
  };

  const cancelled = () => {
    const key = model.editing;
    stopEditing();
    update({ key, control: "edit" });
    announce("Nothing changed.");
  };

  const move = (key, by) => {
    const from = systemAt(key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= model.systems.length) return;
    const [system] = model.systems.splice(from, 1);
    model.systems.splice(to, 0, system);
    update({ key, control: by < 0 ? "up" : "down" });
    announce(`${system.name} moved to position ${to + 1} of ${model.systems.length}.`);
  };

  const remove = (key) => {
    const index = systemAt(key);
    if (index < 0) return;
    if (model.editing === key) stopEditing();
    const [system] = model.systems.splice(index, 1);
    const next = model.systems[Math.min(index, model.systems.length - 1)];
    update(next ? { key: next.key, control: "remove" } : { element: form.name });
    announce(`Removed ${system.name}.`);
  };

  // The order the plan recommends: the systems connected already first, as they were connected (that
  // cannot change any more), then the others in the order of the checklist, then those it leaves out.
  const recommended = (result) => {
    const placed = result.checklist.map((item) => item.index);
    const connected = model.systems.map((_, i) => i).filter((i) => placed.includes(i) && model.systems[i].connected);
    const rest = model.systems.map((_, i) => i).filter((i) => !placed.includes(i));
    return [...connected, ...placed.filter((i) => !connected.includes(i)), ...rest];
  };

  const putInOrder = () => {
    const order = recommended(makePlan(catalog, setupOf()));
    model.systems = order.map((i) => model.systems[i]);
    update({ element: ui.list });
    announce(`Put the systems in the recommended order: ${listed(model.systems.map((s) => s.name))}.`);
  };

  const focusAfter = (target) => {
    if (!target) return;
    if (target.element) {
      target.element.focus();
      return;
    }
    const item = ui.list.querySelector(`li[data-key="${target.key}"]`);
    if (item === null) return;
    const order = {
      up: ["up", "down", "edit"],
      down: ["down", "up", "edit"],
      remove: ["remove"],
      edit: ["edit"],
    }[target.control];
    for (const control of order) {
      const button = item.querySelector(`button[data-action="${control}"]`);
      if (button !== null && !button.disabled) {
        button.focus();
        return;
      }
    }
  };

  /* ---------------------------------------------------------------- the list of systems */

  const renderSystems = (result) => {
    const count = model.systems.length;
    const problems = numbered(result.problems);
    const cut = catalog.planner.cut;
    show(
      ui.list,
      ...model.systems.map((system, i) => {
        const kind = catalog.kinds.get(system.kind);
        const preset = catalog.presets.get(system.preset);
        const namedSystem = system.system ? catalog.named.get(system.system) : null;
        const wants = Object.entries(system.wants).map(
          ([dataType, want]) =>
            `${catalog.dataTypeLabels.get(dataType) ?? dataType} ${want === "both" ? "import and export" : want}`,
        );
        const own = problems.filter((item) => systemOf(item.problem) === i);
        const errors = own.filter((item) => item.problem.severity === "error").length;
        const warnings = own.length - errors;
        const button = (action, text, disabled, onclick) =>
          h(
            "button",
            {
              type: "button",
              class: `md-button cp-planner-small${action === "remove" ? " cp-planner-remove" : ""}`,
              "data-action": action,
              "aria-label": `${text}: ${system.name}`,
              disabled,
              onclick,
            },
            text,
          );
        return h(
          "li",
          {
            class: `cp-planner-system${model.editing === system.key ? " cp-planner-system--editing" : ""}`,
            "data-key": system.key,
          },
          h(
            "div",
            { class: "cp-planner-system__text" },
            h("span", { class: "cp-planner-system__name" }, system.name),
            " ",
            system.connected ? badge("connected already", "connected") : null,
            errors ? badge(plural(errors, "error", "errors"), "error") : null,
            warnings ? badge(plural(warnings, "warning", "warnings"), "warning") : null,
            model.editing === system.key ? badge("being edited", "editing") : null,
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
            button("up", "Move up", i === 0, () => move(system.key, -1)),
            button("down", "Move down", i === count - 1, () => move(system.key, 1)),
            button("edit", "Edit", false, () => startEditing(system.key)),
            button("remove", "Remove", false, () => remove(system.key)),
          ),
          problemList(own, result, cut),
        );
      }),
    );
    ui.list.hidden = count === 0;
    ui.empty.hidden = count !== 0;
    const order = recommended(result);
    ui.reorder.hidden = order.every((index, n) => index === n);
  };

  /* ---------------------------------------------------------------- the setup file, pasted or copied */

  const renderYaml = () => {
    const text = toYaml(setupOf());
    ui.yaml.value = text;
    ui.yaml.rows = Math.min(Math.max(text.split("\n").length, 4), 30);
  };

  // Copies text to the clipboard, or selects it in its field for the reader to copy.
  const copy = async (text, control, status, done) => {
    try {
      if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      status.textContent = done;
    } catch {
      control.hidden = false;
      control.focus();
      control.select();
      status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
    }
  };

  const loadPasted = () => {
    const { setup, errors } = readSetupText(ui.paste.value);
    if (setup === null) {
      show(
        ui.pasteErrors,
        h("p", { class: "cp-planner-paste-errors__title" }, "The setup was not loaded: nothing changed."),
        h("ul", {}, errors.map((error) => h("li", {}, error))),
      );
      ui.pasteErrors.hidden = false;
      ui.paste.setAttribute("aria-invalid", "true");
      ui.paste.focus();
      return;
    }
    ui.pasteErrors.hidden = true;
    ui.paste.removeAttribute("aria-invalid");
    replaceSetup(setup);
    const result = makePlan(catalog, setupOf());
    update();
    announce(`Loaded the setup: ${plural(model.systems.length, "system", "systems")}, ${plural(result.problems.length, "problem", "problems")}.`);
    const summary = part("summary").firstElementChild;
    (summary ?? ui.list).focus();
  };

  const buildPaste = () => {
    ui.paste = h("textarea", {
      id: "planner-paste",
      class: "cp-planner-yaml",
      rows: 8,
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": "planner-paste-hint planner-paste-errors",
    });
    ui.pasteErrors = h("div", { class: "cp-planner-paste-errors", id: "planner-paste-errors", role: "alert", hidden: true });
    return h(
      "details",
      { class: "cp-planner-paste" },
      h("summary", {}, "Paste a setup file to load it"),
      h(
        "p",
        { class: "cp-planner-hint", id: "planner-paste-hint" },
        "A setup file (YAML) as connect-presets plan reads it. Loading it replaces the systems above.",
      ),
      h("div", { class: "cp-planner-field" }, h("label", { for: ui.paste.id }, "Setup file (YAML)"), ui.paste),
      ui.pasteErrors,
      h("p", { class: "cp-planner-actions" }, h("button", { type: "button", class: "md-button", onclick: loadPasted }, "Load this setup")),
    );
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
    show(
      part("yaml"),
      h(
        "details",
        { class: "cp-planner-developers" },
        h("summary", {}, "For developers: the setup file for connect-presets plan"),
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
          h(
            "button",
            { type: "button", class: "md-button", onclick: () => copy(ui.yaml.value, ui.yaml, ui.copyStatus, "Copied to the clipboard.") },
            "Copy",
          ),
          ui.copyStatus,
        ),
      ),
    );
  };

  /* ---------------------------------------------------------------- keep, share, print */

  const buildShare = () => {
    ui.link = h("input", { id: "planner-link", type: "text", readonly: true, hidden: true, "aria-label": "Link to this plan" });
    ui.linkStatus = h("span", { class: "cp-planner-copy-status", role: "status" });
    ui.keepHint = h("p", { class: "cp-planner-hint" });
    ui.share = h(
      "div",
      { class: "cp-planner-share" },
      h(
        "p",
        { class: "cp-planner-actions" },
        h("button", { type: "button", class: "md-button md-button--primary", "data-action": "print", onclick: () => window.print() }, "Print the checklist"),
        h(
          "button",
          {
            type: "button",
            class: "md-button",
            "data-action": "link",
            onclick: () => {
              ui.link.value = linkTo(setupOf(), window.location.href);
              copy(ui.link.value, ui.link, ui.linkStatus, "Link copied: it opens this plan in any browser.");
            },
          },
          "Copy a link to this plan",
        ),
        ui.linkStatus,
      ),
      ui.link,
      ui.keepHint,
    );
    part("share").replaceChildren(ui.share);
  };

  // A link's setup: loaded in place of the kept one, then the address cleaned, so that a reload
  // shows the plan as changed since, not as the link first had it.
  const openLinked = () => {
    if (!isSetupFragment(window.location.hash)) return false;
    const setup = linkedSetup(window.location.hash);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    if (setup === null) {
      announce("The link holds no plan this page can read.");
      return false;
    }
    replaceSetup(setup);
    return true;
  };

  /* ---------------------------------------------------------------- the page */

  const update = (focus) => {
    const setup = setupOf();
    const result = makePlan(catalog, setup);
    renderSummary(part("summary"), result, model.systems.length > 0, catalog.planner.cut);
    renderSystems(result);
    renderChecklist(part("checklist"), catalog, result, setup.account);
    renderRouting(part("routing"), result);
    renderYaml();
    ui.copyStatus.textContent = "";
    ui.linkStatus.textContent = "";
    ui.link.hidden = true;
    ui.share.hidden = model.systems.length === 0;
    ui.keepHint.textContent = keepSetup(setup)
      ? "This browser keeps the plan for this page; the link carries it to another browser or person."
      : "This browser does not keep the plan (its storage is blocked or full): copy the link to keep it.";
    focusAfter(focus);
  };

  let form = null;

  const buildUi = () => {
    ui.status = h("p", { class: "cp-visually-hidden", role: "status", "aria-live": "polite" });
    ui.account = h("input", { id: "planner-account", name: "account", type: "text", autocomplete: "off", maxlength: 120 });
    ui.account.addEventListener("input", () => {
      model.account = ui.account.value;
      update();
    });
    ui.list = h("ol", { class: "cp-planner-systems", "aria-label": "Systems, in the order of connecting", tabindex: "-1" });
    ui.empty = h("p", { class: "cp-planner-placeholder" }, "No systems yet: add the first one below.");
    ui.reorder = h(
      "button",
      { type: "button", class: "md-button md-button--primary cp-planner-reorder", "data-action": "reorder", onclick: putInOrder },
      "Put in the recommended order",
    );
    form = makeForm(catalog, { onSubmit: submitted, onCancel: cancelled });
    buildYaml();
    buildShare();
    show(
      part("systems"),
      h("div", { class: "cp-planner-field" }, h("label", { for: ui.account.id }, "Account (optional)"), ui.account),
      h("p", { class: "cp-planner-actions cp-planner-reorder-row" }, ui.reorder),
      ui.list,
      ui.empty,
      form.element,
      buildPaste(),
      ui.status,
    );
    const status = part("status");
    status.textContent = `Presets of catalogue version ${catalog.version}, read from this site's configs.`;
    status.className = "cp-planner-source";
    root.classList.add("cp-planner--ready");
    const linked = openLinked();
    if (!linked) {
      const kept = keptSetup();
      if (kept !== null) replaceSetup(kept);
    }
    update();
    if (linked) announce(`Opened the plan from its link: ${plural(model.systems.length, "system", "systems")}.`);
    window.addEventListener("hashchange", () => {
      if (openLinked()) {
        update();
        announce(`Opened the plan from its link: ${plural(model.systems.length, "system", "systems")}.`);
      }
    });
  };

  const fail = (error) => {
    const status = part("status");
    status.className = "cp-planner-failed admonition failure";
    show(
      status,
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
