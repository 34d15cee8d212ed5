/* The form that adds a system, or edits one in place. Nothing is chosen for the reader: the kind starts
   empty, the preset waits for a kind (a kind with one preset gets it), and a missing name, kind or
   preset is an error on its own field, never a silent default. */
import { servesKind } from "./planner-rules.js";
import { h, oneLine, show } from "./planner-dom.js";

let fieldCount = 0;

// A labelled field; describedBy: the hint and the error, which a screen reader says with the control.
const field = (labelText, control, ...notes) => {
  control.id ||= `planner-field-${(fieldCount += 1)}`;
  const shown = notes.filter(Boolean);
  shown.forEach((note, n) => {
    note.id ||= `${control.id}-note-${n + 1}`;
  });
  if (shown.length) control.setAttribute("aria-describedby", shown.map((note) => note.id).join(" "));
  return h("div", { class: "cp-planner-field" }, h("label", { for: control.id }, labelText), control, shown);
};

const fillSelect = (select, options) => {
  show(select, ...options.map(([value, label]) => h("option", { value }, label)));
};

const errorNote = (id) => h("p", { class: "cp-planner-error", id, hidden: true });

export const makeForm = (catalog, { onSubmit, onCancel }) => {
  const presetsForKind = (kind) => catalog.presetList.filter((p) => servesKind(p, kind));
  const namedForKind = (kind) => [...catalog.named.values()].filter((s) => s.kind === kind);
  const ui = {};

  ui.name = h("input", { id: "planner-name", name: "name", type: "text", autocomplete: "off", maxlength: 120, "aria-required": "true" });
  ui.nameHint = h("p", { class: "cp-planner-hint" }, "The account's own name for the system, such as the shop's name.");
  ui.nameError = errorNote("planner-name-error");
  ui.kind = h("select", { id: "planner-kind", name: "kind", "aria-required": "true" });
  fillSelect(ui.kind, [["", "Choose a kind of system"], ...catalog.kindList.map((k) => [k.id, k.label])]);
  ui.kindHint = h("p", { class: "cp-planner-hint" });
  ui.kindError = errorNote("planner-kind-error");
  ui.preset = h("select", { id: "planner-preset", name: "preset", "aria-required": "true" });
  ui.presetHint = h("p", { class: "cp-planner-hint" });
  ui.presetError = errorNote("planner-preset-error");
  ui.system = h("select", { id: "planner-system", name: "system" });
  ui.systemField = field(
    "Named system (optional)",
    ui.system,
    h("p", { class: "cp-planner-hint" }, "Choose it when the catalogue names the system: its own exceptions then apply."),
  );
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
    h("p", { class: "cp-planner-hint" }, "The flows you expect for this system. The plan warns when its preset does not provide one."),
    h("div", { class: "cp-planner-want-grid" }, wantRows),
  );
  ui.heading = h("h3", { id: "planner-form-heading" }, "Add a system");
  ui.submit = h("button", { type: "submit", class: "md-button md-button--primary" }, "Add system");
  ui.cancel = h("button", { type: "button", class: "md-button", hidden: true, onclick: () => onCancel() }, "Cancel");

  const setError = (control, note, text) => {
    note.textContent = text ?? "";
    note.hidden = !text;
    if (text) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  };

  const presetChanged = () => {
    const preset = catalog.presets.get(ui.preset.value);
    // What the page says of the preset: its restriction and when to choose it, else its summary.
    const said = preset
      ? [preset.available_only_for ? `Available only for ${preset.available_only_for}.` : null, preset.when_to_select]
          .filter(Boolean)
          .join(" ") || preset.summary
      : "";
    ui.presetHint.textContent = said;
    if (ui.preset.value) setError(ui.preset, ui.presetError, null);
  };

  // keep: the preset (and named system) to keep selected when the kind still offers it.
  const kindChanged = (keep = {}) => {
    const kind = ui.kind.value;
    const presets = kind ? presetsForKind(kind) : [];
    ui.kindHint.textContent = presets.length ? `Presets for this kind of system: ${presets.map((p) => p.name).join(", ")}.` : "";
    if (kind === "") fillSelect(ui.preset, [["", "Choose a kind first"]]);
    else if (presets.length === 0) fillSelect(ui.preset, [["", "No preset serves this kind"]]);
    else if (presets.length === 1) fillSelect(ui.preset, [[presets[0].id, presets[0].name]]);
    else fillSelect(ui.preset, [["", "Choose a preset"], ...presets.map((p) => [p.id, p.name])]);
    ui.preset.disabled = presets.length === 0;
    if (keep.preset && presets.some((p) => p.id === keep.preset)) ui.preset.value = keep.preset;
    if (kind) setError(ui.kind, ui.kindError, presets.length ? null : "No preset serves this kind of system: choose another kind.");
    presetChanged();
    const namedSystems = kind ? namedForKind(kind) : [];
    fillSelect(ui.system, [["", "None of these"], ...namedSystems.map((s) => [s.id, s.name])]);
    if (keep.system && namedSystems.some((s) => s.id === keep.system)) ui.system.value = keep.system;
    ui.systemField.hidden = namedSystems.length === 0;
  };

  ui.kind.addEventListener("change", () => kindChanged({ preset: ui.preset.value, system: ui.system.value }));
  ui.preset.addEventListener("change", presetChanged);
  ui.name.addEventListener("input", () => setError(ui.name, ui.nameError, null));

  // The system the form describes, or null after showing what is missing on its fields.
  const read = () => {
    const name = oneLine(ui.name.value);
    const kind = ui.kind.value;
    setError(ui.name, ui.nameError, name === "" ? "Give the system a name." : null);
    if (kind === "") setError(ui.kind, ui.kindError, "Choose the kind of system.");
    else if (ui.preset.disabled) setError(ui.kind, ui.kindError, "No preset serves this kind of system: choose another kind.");
    setError(ui.preset, ui.presetError, kind !== "" && !ui.preset.disabled && !ui.preset.value ? "Choose a preset for the system." : null);
    const invalid = [ui.name, ui.kind, ui.preset].find((control) => control.getAttribute("aria-invalid") === "true");
    if (invalid) {
      invalid.focus();
      return null;
    }
    const wants = {};
    for (const [dataType, select] of ui.wants) if (select.value) wants[dataType] = select.value;
    return {
      name,
      kind,
      preset: ui.preset.value,
      system: ui.systemField.hidden ? "" : ui.system.value,
      connected: ui.connected.checked,
      wants,
    };
  };

  // The form emptied (adding) or filled with a system (editing); editing: the system's name or null.
  const load = (system, editing) => {
    ui.name.value = system?.name ?? "";
    ui.kind.value = system && catalog.kinds.has(system.kind) ? system.kind : "";
    kindChanged({ preset: system?.preset, system: system?.system });
    ui.connected.checked = Boolean(system?.connected);
    for (const [dataType, select] of ui.wants) select.value = system?.wants?.[dataType] ?? "";
    ui.wantsDetails.open = Object.keys(system?.wants ?? {}).length > 0;
    for (const [control, note] of [[ui.name, ui.nameError], [ui.kind, ui.kindError], [ui.preset, ui.presetError]]) {
      setError(control, note, null);
    }
    ui.heading.textContent = editing ? `Edit ${editing}` : "Add a system";
    ui.submit.textContent = editing ? "Save changes" : "Add system";
    ui.cancel.hidden = !editing;
    ui.form.classList.toggle("cp-planner-form--editing", Boolean(editing));
  };

  ui.form = h(
    "form",
    {
      class: "cp-planner-form",
      novalidate: true,
      "aria-labelledby": ui.heading.id,
      onsubmit: (event) => {
        event.preventDefault();
        const system = read();
        if (system !== null) onSubmit(system);
      },
      onkeydown: (event) => {
        if (event.key === "Escape" && !ui.cancel.hidden) onCancel();
      },
    },
    ui.heading,
    h(
      "div",
      { class: "cp-planner-fields" },
      field("Name", ui.name, ui.nameHint, ui.nameError),
      field("Kind of system", ui.kind, ui.kindHint, ui.kindError),
      field("Preset", ui.preset, ui.presetHint, ui.presetError),
      ui.systemField,
    ),
    h("div", { class: "cp-planner-check" }, ui.connected, h("label", { for: ui.connected.id }, "Connected already")),
    ui.wantsDetails,
    h("p", { class: "cp-planner-actions" }, ui.submit, ui.cancel),
  );
  load(null, null);
  return { element: ui.form, load, name: ui.name };
};
