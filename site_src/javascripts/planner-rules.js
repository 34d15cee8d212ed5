/* The planner's rules for the browser: generator/planning/ (rules.py, orderrules.py, context.py,
   plan.py) written again in JavaScript, with no DOM, so that node runs it against the corpus Python
   generates (tests/js/planner-corpus.json, by tests/js/make_corpus.py).

   What is not logic is not here: every sentence, the rule table's order and severities, how two alike
   names differ and the look-alike letters come from configs/planner.json, which the site publishes from
   Python. The catalogue's facts come from configs/index.json and configs/presets/<id>.json.

   plan(catalog, setup) returns what generator.planning.as_json(plan(setup, catalog)) returns for the
   same setup built in code, with null for a problem's line and column (there is no file). */

const READS_FORMAT = 2; // the format_version of the configs this module reads

/* ---------------------------------------------------------------- the shared small rules */

// wording.trim: catalogue text without the spaces, tabs and line breaks at its ends.
const trim = (text) => text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/gu, "");

// wording.ascii_lower: ASCII capitals in lower case, every other character as written.
const asciiLower = (text) => text.replace(/[A-Z]/gu, (c) => c.toLowerCase());

// problems.cut: a key longer than the limit, cut to it (by code point) with "...".
const cutText = (text, limit) => {
  const chars = Array.from(text);
  return chars.length <= limit ? text : `${chars.slice(0, limit - 3).join("")}...`;
};

// suggest.edits: inserts, deletes, replacements and swaps of two neighbours (optimal string
// alignment distance), by code point, ASCII letters without case.
export const edits = (written, known) => {
  const a = Array.from(asciiLower(written));
  const b = Array.from(asciiLower(known));
  let earlier = [];
  let before = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    [earlier, before, row] = [before, row, [i, ...new Array(b.length).fill(0)]];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], earlier[j - 2] + 1);
    }
  }
  return row[b.length];
};

// suggest.closest: the id the fewest edits away, at most one per three characters written (at least
// one), ties to the first listed; else the first id that begins with what was written or that it
// begins with (both of 3 characters or more).
export const closest = (written, known) => {
  const allowed = Math.max(1, Math.floor(Array.from(written).length / 3));
  let best = null;
  const length = Array.from(written).length;
  for (const candidate of known) {
    if (Math.abs(Array.from(candidate).length - length) > allowed) continue; // too long or short to be that close
    const distance = edits(written, candidate);
    if (distance <= allowed && (best === null || distance < best.distance)) best = { distance, candidate };
  }
  if (best !== null) return best.candidate;
  if (length < 3) return null;
  const start = asciiLower(written);
  const begins = (other) => Array.from(other).length >= 3 && (other.startsWith(start) || start.startsWith(other));
  return known.find((candidate) => begins(asciiLower(candidate))) ?? null;
};

// suggest.listing: every id, or the closest few and "..." when that is too long to read.
const listing = (written, known, limits) => {
  const whole = known.join(", ");
  if (Array.from(whole).length <= limits.longest_listing) return whole;
  const start = Array.from(written).slice(0, limits.ranked).join("");
  const ranked = known.map((id, n) => ({ id, n, d: edits(start, id) })).sort((x, y) => x.d - y.d || x.n - y.n);
  return `${ranked
    .slice(0, limits.listed)
    .map((r) => r.id)
    .join(", ")}, ...`;
};

/* ---------------------------------------------------------------- names a reader cannot tell apart */

// names._visible: without format characters (category Cf) and the default-ignorable ones names.py
// lists (configs/planner.json "invisible"): the characters that draw nothing.
const visible = (text, planner) => Array.from(text.replace(/\p{Cf}/gu, "")).filter((c) => !planner.invisible.includes(c)).join("");
const normal = (text, planner) => visible(text, planner).normalize("NFKC");
// names.reading: compatibility form, no invisible characters, each look-alike letter as its group's.
const reading = (name, planner) => {
  const text = normal(name, planner);
  if (/^[\x00-\x7f]*$/u.test(text)) return text;
  return Array.from(text, (c) => (c.codePointAt(0) < 0x80 ? c : (planner.look_alikes[c] ?? c))).join("");
};
// names.how_differ
const howDiffer = (first, second, planner) => {
  if (first === second) return "same";
  if (visible(first, planner) === visible(second, planner)) return "invisible";
  if (normal(first, planner) === normal(second, planner)) return "normalised";
  return "look-alike";
};

/* ---------------------------------------------------------------- the catalogue, from the configs */

// The configs' shape this module reads: anything else is refused before it is read further.
export const checkFormat = (index) => {
  if (index.format_version !== READS_FORMAT) {
    throw new Error(`the configs have format version ${index.format_version}; this page reads version ${READS_FORMAT}`);
  }
};

export const makeCatalog = (index, presetDocuments, planner) => {
  checkFormat(index);
  const order = index.connection_order;
  const steps = order.steps.map((s) => ({
    number: s.step,
    id: s.id,
    label: s.label,
    kinds: s.kinds,
    presets: s.presets,
    qualifier: s.qualifier,
    several: s.several === true,
  }));
  // connectionorder.ConnectionOrder.step_for: the first step that names the preset, else the first of the kind.
  const stepOfKind = new Map();
  const stepOfPreset = new Map();
  for (const step of steps) {
    for (const kind of step.kinds) if (!stepOfKind.has(kind)) stepOfKind.set(kind, step);
    for (const preset of step.presets) if (!stepOfPreset.has(preset)) stepOfPreset.set(preset, step);
  }
  return {
    version: index.catalog_version,
    dataTypes: index.data_types,
    dataTypeLabels: new Map(index.data_types.map((d) => [d.id, d.label])),
    kinds: new Map(index.system_kinds.map((k) => [k.id, k])),
    kindList: index.system_kinds,
    named: new Map(index.systems.map((s) => [s.id, s])),
    steps,
    stepOfKind,
    stepOfPreset,
    strength: order.strength,
    firstStep: order.first_step.step,
    firstStepStrength: order.first_step.strength,
    firstStepWording: order.first_step.page_wording,
    defaultSourceOf: order.first_step.default_source_of,
    addedLater: order.first_step.if_added_later,
    presetList: presetDocuments,
    presets: new Map(presetDocuments.map((p) => [p.id, p])),
    planner,
  };
};

export const servesKind = (preset, kind) => preset.kinds.includes(kind);

// messages.say: the template filled with the values ({{ and }} are braces).
const sayWith = (templates) => (key, values = {}) => {
  const template = templates[key];
  if (template === undefined) throw new Error(`configs/planner.json has no message '${key}'`);
  return template.replace(/\{\{|\}\}|\{(\w+)\}/gu, (whole, name) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (!Object.hasOwn(values, name)) throw new Error(`message '${key}' needs a value for {${name}}`);
    return String(values[name]);
  });
};

/* ---------------------------------------------------------------- the planning context (context.py) */

const setupSystems = (setup) =>
  (setup?.systems ?? []).map((s) => ({
    name: s.name,
    kind: s.kind,
    preset: s.preset,
    named: s.system ?? null, // a setup file writes it as `system`
    connected: Boolean(s.connected),
    wants: Object.entries(s.wants ?? {}),
  }));

const flowOf = (preset, dataType) => {
  if (!Object.hasOwn(preset.flows, dataType)) throw new Error(`the ${preset.id} config has no flow for '${dataType}'`);
  return preset.flows[dataType];
};

// context.first_after: the first system listed at a step after step `number`.
const firstAfter = (firstAt, number) => {
  let found = null;
  for (const [n, i] of firstAt) if (n > number && (found === null || i < found)) found = i;
  return found;
};

const makeContext = (catalog, setup) => {
  const systems = setupSystems(setup);
  const { presets, kinds } = catalog;
  const forKind = (kind) => catalog.presetList.filter((p) => servesKind(p, kind));
  // A preset the page restricts serves only its kinds; one it only suggests for a kind may serve another.
  const fits = (s) => {
    const preset = presets.get(s.preset);
    return preset !== undefined && (servesKind(preset, s.kind) || (kinds.has(s.kind) && preset.available_only_for === null));
  };
  const fitting = [];
  systems.forEach((s, i) => {
    if (fits(s)) fitting.push(i);
  });
  const fitSet = new Set(fitting);
  const steps = systems.map(
    (s, i) => (fitSet.has(i) ? catalog.stepOfPreset.get(s.preset) : undefined) ?? catalog.stepOfKind.get(s.kind) ?? null,
  );
  const joinedLate = [];
  const firstConnectedAt = new Map();
  systems.forEach((system, j) => {
    const step = steps[j];
    joinedLate.push(step !== null ? firstAfter(firstConnectedAt, step.number) : null);
    if (step !== null && system.connected && !firstConnectedAt.has(step.number)) firstConnectedAt.set(step.number, j);
  });
  const last = catalog.steps.length + 1;
  const position = (i) => (steps[i] !== null ? steps[i].number : last);
  const inOrder = [...fitting].sort((i, j) => position(i) - position(j) || i - j);
  // The flow as it runs for a system: the preset's, or a named system's exception.
  const flowing = (index, dataType, direction) => {
    const system = systems[index];
    const flow = flowOf(presets.get(system.preset), dataType);
    for (const exception of flow.exceptions) {
      if (exception.system === system.named) {
        return { state: direction === "import" ? exception.import : exception.export, condition: null, note: exception.note };
      }
    }
    return { state: flow[direction], condition: flow[`${direction}_condition`] ?? null, note: null };
  };
  const say = sayWith(catalog.planner.messages);
  const hint = (written, known) => {
    const close = closest(written, known);
    return close !== null ? say("hint.close", { close }) : say("hint.listed", { listing: listing(written, known, catalog.planner.suggest) });
  };
  return { catalog, systems, fitting, steps, joinedLate, inOrder, flowing, forKind, say, hint };
};

/* ---------------------------------------------------------------- the rules (rules.py, orderrules.py) */

// Each rule yields findings {system, path, message, severity?}; the table's order and severities are
// Python's, published in configs/planner.json.
const RULES = {
  "duplicate-name": function* ({ systems, say }) {
    const seen = new Map();
    for (const [i, system] of systems.entries()) {
      if (seen.has(system.name)) {
        yield { system: i, path: ["systems", i, "name"], message: say("duplicate-name", { name: system.name, first: seen.get(system.name) + 1 }) };
      }
      if (!seen.has(system.name)) seen.set(system.name, i);
    }
  },
  "alike-name": function* ({ systems, say, catalog }) {
    const first = new Map();
    systems.forEach((system, i) => {
      if (!first.has(system.name)) first.set(system.name, i);
    });
    const byReading = new Map();
    for (const [name, i] of first) {
      const key = reading(name, catalog.planner);
      if (!byReading.has(key)) {
        byReading.set(key, [name, i]);
        continue;
      }
      const [earlier, j] = byReading.get(key);
      const difference = catalog.planner.differences[howDiffer(name, earlier, catalog.planner)];
      yield { system: i, path: ["systems", i, "name"], message: say("alike-name", { name, earlier, first: j + 1, difference }) };
    }
  },
  "unknown-kind": function* ({ systems, say, hint, catalog }) {
    for (const [i, system] of systems.entries()) {
      if (catalog.kinds.has(system.kind)) continue;
      yield { system: i, path: ["systems", i, "kind"], message: say("unknown-kind", { kind: system.kind, hint: hint(system.kind, [...catalog.kinds.keys()]) }) };
    }
  },
  "unknown-preset": function* ({ systems, say, catalog, forKind }) {
    for (const [i, system] of systems.entries()) {
      if (catalog.presets.has(system.preset)) continue;
      const close = closest(system.preset, [...catalog.presets.keys()]);
      const message =
        close !== null
          ? say("unknown-preset.close", { preset: system.preset, close })
          : say("unknown-preset.listed", { preset: system.preset, presets: forKind(system.kind).map((p) => p.id).join(", ") || "none" });
      yield { system: i, path: ["systems", i, "preset"], message };
    }
  },
  "preset-kind": function* ({ systems, say, catalog, forKind }) {
    for (const [i, system] of systems.entries()) {
      const kind = catalog.kinds.get(system.kind);
      const preset = catalog.presets.get(system.preset);
      if (kind === undefined || preset === undefined || servesKind(preset, system.kind)) continue;
      const choose = forKind(system.kind).map((p) => p.name).join(", ") || "none in the catalogue";
      const path = ["systems", i, "preset"];
      if (preset.available_only_for !== null) {
        const values = { preset: preset.name, available_only_for: preset.available_only_for, kind: kind.label, choose };
        yield { system: i, path, message: say("preset-kind.restricted", values), severity: "error" };
      } else {
        const serves = preset.kinds.map((k) => catalog.kinds.get(k).label).join(", ");
        const values = { preset: preset.name, serves, kind: kind.label, choose };
        yield { system: i, path, message: say("preset-kind.suggested", values), severity: "warning" };
      }
    }
  },
  "unknown-system": function* ({ systems, say, catalog }) {
    for (const [i, system] of systems.entries()) {
      if (system.named === null || catalog.named.has(system.named)) continue;
      const named = [...catalog.named.keys()].join(", ");
      yield { system: i, path: ["systems", i, "system"], message: say("unknown-system", { system: system.named, named }) };
    }
  },
  "system-kind": function* ({ systems, say, catalog }) {
    for (const [i, system] of systems.entries()) {
      const named = system.named !== null ? catalog.named.get(system.named) : undefined;
      if (named === undefined || named.kind === system.kind) continue;
      const kind = catalog.kinds.get(system.kind);
      const values = { system: named.name, listed: catalog.kinds.get(named.kind).label, said: kind !== undefined ? kind.label : system.kind };
      yield { system: i, path: ["systems", i, "system"], message: say("system-kind", values) };
    }
  },
  "missing-required": function* ({ systems, say, catalog, fitting }) {
    const present = new Set(systems.map((s) => s.kind));
    for (const i of fitting) {
      const preset = catalog.presets.get(systems[i].preset);
      for (const requirement of preset.requires) {
        if (present.has(requirement.kind)) continue;
        const values = { preset: preset.name, kind: catalog.kinds.get(requirement.kind).label, description: trim(requirement.description) };
        yield { system: i, path: ["systems", i, "preset"], message: say("missing-required", values) };
      }
    }
  },
  "second-source": function* ({ systems, say, catalog, fitting, steps, flowing }) {
    const allowing = new Map();
    for (const preset of catalog.presetList) {
      for (const dataType of preset.may_be_only_source_of) {
        if (!allowing.has(dataType)) allowing.set(dataType, []);
        allowing.get(dataType).push(preset.name);
      }
    }
    const label = (id) => asciiLower(catalog.dataTypeLabels.get(id));
    const isFirstStep = (step) => step !== null && step.id === catalog.firstStep;
    for (const [dataType, presetNames] of allowing) {
      const sources = fitting.filter((i) => flowing(i, dataType, "import").state !== "no");
      for (const i of sources.slice(1)) {
        const first = systems[sources[0]];
        let defaultSource = "";
        if (catalog.defaultSourceOf.includes(dataType) && isFirstStep(steps[sources[0]])) {
          const step = steps[sources[0]];
          const defaults = catalog.defaultSourceOf.map(label).join(" and ");
          defaultSource = say("second-source.default", { step: step.number, step_label: step.label, defaults });
        }
        let advice;
        if (!first.connected) advice = say("second-source.connect-first");
        else if (isFirstStep(steps[i])) advice = say("second-source.connected-support", { first: first.name, support: trim(catalog.addedLater.text) });
        else advice = say("second-source.connected", { first: first.name });
        const values = { name: systems[i].name, first: first.name, data: label(dataType), presets: presetNames.join(" and "), default: defaultSource, advice };
        yield { system: i, path: ["systems", i, "preset"], message: say("second-source", values) };
      }
    }
  },
  "connected-order": function* ({ systems, say, steps }) {
    let firstUnconnected = null;
    for (const [j, system] of systems.entries()) {
      if (steps[j] !== null && system.connected && firstUnconnected !== null) {
        const values = { name: system.name, first: systems[firstUnconnected].name };
        yield { system: j, path: ["systems", j, "connected"], message: say("connected-order", values) };
      }
      if (firstUnconnected === null && !system.connected) firstUnconnected = j;
    }
  },
  "added-later": function* (ctx) {
    const { systems, say, catalog, steps, joinedLate } = ctx;
    for (const [j, system] of systems.entries()) {
      const [step, before] = [steps[j], joinedLate[j]];
      if (step === null || before === null) continue;
      const { essential, severity, values } = outOfOrder(ctx, j, step, before);
      values.rule = essential ? say("added-later.rule", { wording: trim(catalog.firstStepWording) }) : "";
      values.support = essential ? say("added-later.support", { text: trim(catalog.addedLater.text) }) : "";
      const template = system.connected ? "added-later.was-connected" : "added-later.joins";
      yield { system: j, path: ["systems", j], message: say(template, values), severity };
    }
  },
  order: function* (ctx) {
    const { systems, say, catalog, steps } = ctx;
    const firstPendingAt = new Map();
    for (const [j, system] of systems.entries()) {
      const step = steps[j];
      if (step === null || system.connected) continue;
      const before = firstAfter(firstPendingAt, step.number);
      if (!firstPendingAt.has(step.number)) firstPendingAt.set(step.number, j);
      if (before === null) continue;
      const { essential, severity, values } = outOfOrder(ctx, j, step, before);
      const message = essential
        ? say("order.essential", { ...values, rule: trim(catalog.firstStepWording) })
        : say("order.request", values);
      yield { system: j, path: ["systems", j], message, severity };
    }
  },
  "unknown-data-type": function* ({ systems, say, hint, catalog }) {
    for (const [i, system] of systems.entries()) {
      for (const [dataType] of system.wants) {
        if (catalog.dataTypeLabels.has(dataType)) continue;
        const values = { data_type: cutText(dataType, catalog.planner.cut), hint: hint(dataType, [...catalog.dataTypeLabels.keys()]) };
        yield { system: i, path: ["systems", i, "wants", dataType], message: say("unknown-data-type", values) };
      }
    }
  },
  "unserved-want": function* (ctx) {
    const { systems, say, catalog, fitting, flowing } = ctx;
    for (const i of fitting) {
      const system = systems[i];
      const preset = catalog.presets.get(system.preset);
      for (const [dataType, want] of system.wants) {
        if (!catalog.dataTypeLabels.has(dataType)) continue;
        for (const direction of want === "both" ? ["import", "export"] : [want]) {
          const run = flowing(i, dataType, direction);
          if (run.state !== "no") continue;
          const advice = adviceFor(ctx, preset, system.kind);
          const said = preset.page_inconsistencies.find((entry) => entry.at === `flows.${dataType}`);
          const values = {
            preset: preset.name,
            verb: direction,
            data: asciiLower(catalog.dataTypeLabels.get(dataType)),
            where: say(`unserved-want.${direction}`),
            // Why not, where the catalogue says: the named system's exception, the page's contradiction.
            aside: [run.note, said?.note].filter(Boolean).map((note) => ` (${trim(note).replace(/\.+$/u, "")})`).join(""),
            advice,
          };
          yield { system: i, path: ["systems", i, "wants", dataType], message: say(advice ? "unserved-want.advised" : "unserved-want", values) };
        }
      }
    }
  },
  "no-step": function* ({ systems, say, catalog, fitting, steps }) {
    for (const i of fitting) {
      if (steps[i] !== null) continue;
      const system = systems[i];
      const values = { name: system.name, kind: catalog.kinds.get(system.kind).label, preset: catalog.presets.get(system.preset).name };
      yield { system: i, path: ["systems", i, "kind"], message: say("no-step", values) };
    }
  },
};

// orderrules._out_of_order: whether the rule is the essential one, its severity, its message's values.
const outOfOrder = ({ systems, catalog, steps }, j, step, before) => {
  const otherStep = steps[before];
  const essential = step.id === catalog.firstStep;
  const strength = essential ? catalog.firstStepStrength : catalog.strength;
  const values = {
    name: systems[j].name,
    step: step.number,
    step_label: step.label,
    other: systems[before].name,
    other_step: otherStep.number,
    other_label: otherStep.label,
  };
  return { essential, severity: catalog.planner.severity[strength], values };
};

// rules._advice: the preset's notes that suggest presets (each with the page's restriction), else the
// other presets for the kind (each with its restriction too).
const adviceFor = ({ say, catalog, forKind }, preset, kind) => {
  const suggested = (id) => {
    const other = catalog.presets.get(id);
    return other.available_only_for ? say("available-only-for", { preset: other.name, available_only_for: other.available_only_for }) : other.name;
  };
  const advice = preset.notes
    .filter((note) => note.suggest_presets.length)
    .map((note) => say("unserved-want.suggested", { note: trim(note.text), presets: note.suggest_presets.filter((id) => catalog.presets.has(id)).map(suggested).join(", ") }))
    .join(" ");
  if (advice) return advice;
  const others = forKind(kind).filter((p) => p.id !== preset.id).map((p) => suggested(p.id));
  return others.length ? say("unserved-want.others", { presets: others.join(", ") }) : "";
};

/* ---------------------------------------------------------------- the plan (plan.py) */

// plan.problems: by system, then in the order of the rule table, then as the rule found them; one
// problem per place and text.
const problemsOf = (ctx) => {
  const found = [];
  ctx.catalog.planner.rules.forEach((rule, rank) => {
    const check = RULES[rule.code];
    if (check === undefined) throw new Error(`this page has no rule '${rule.code}' (configs/planner.json lists it)`);
    let n = 0;
    for (const finding of check(ctx)) {
      found.push({ rank, n, code: rule.code, severity: finding.severity ?? rule.severity, ...finding });
      n += 1;
    }
  });
  found.sort((p, q) => p.system - q.system || p.rank - q.rank || p.n - q.n);
  const seen = new Set();
  return found.filter((p) => {
    const key = JSON.stringify([p.path, p.message, p.code, p.severity]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const checklistOf = ({ catalog, systems, steps, inOrder, joinedLate }) =>
  inOrder
    .filter((i) => steps[i] !== null)
    .map((i, n) => ({
      position: n + 1,
      index: i,
      step: steps[i],
      system: systems[i],
      preset: catalog.presets.get(systems[i].preset),
      support: joinedLate[i] !== null && steps[i].id === catalog.firstStep ? catalog.addedLater : null,
    }));

const routingOf = ({ catalog, systems, inOrder, flowing }) =>
  catalog.dataTypes.map((dataType) => {
    const ends = { import: [], export: [] };
    for (const i of inOrder) {
      const system = systems[i];
      const flow = flowOf(catalog.presets.get(system.preset), dataType.id);
      for (const direction of ["import", "export"]) {
        const run = flowing(i, dataType.id, direction);
        if (run.state === "no") continue;
        const others = flow.exceptions.filter((e) => e.system !== system.named).map((e) => e.note).join(" ");
        ends[direction].push({ name: system.name, preset: system.preset, state: run.state, condition: run.condition, note: run.note || others || null });
      }
    }
    return { dataType, into: ends.import, from: ends.export };
  });

// The plan with its parts as the page shows them (paths as lists, steps and presets as objects).
export const makePlan = (catalog, setup) => {
  const ctx = makeContext(catalog, setup);
  return { systems: ctx.systems, problems: problemsOf(ctx), checklist: checklistOf(ctx), routing: routingOf(ctx), fitting: new Set(ctx.fitting) };
};

// problems.json_path: ("systems", 2, "wants", "some-type") -> $.systems[2].wants.some-type; a key longer
// than `limit` (configs/planner.json "cut") is quoted and cut.
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/u;
export const jsonPath = (path, limit) =>
  "$" +
  path
    .map((part) => {
      if (typeof part === "number") return `[${part}]`;
      if (PLAIN_KEY.test(part) && Array.from(part).length <= limit) return `.${part}`;
      return `[${JSON.stringify(cutText(part, limit))}]`;
    })
    .join("");

const endpointJson = (end) => ({
  system: end.name,
  preset: end.preset,
  state: end.state,
  condition: end.condition ? end.condition.id : null,
  note: end.note,
});

// generator.planning.as_json
export const asJson = (catalog, result) => ({
  problems: result.problems.map((p) => ({
    line: null,
    column: null,
    path: jsonPath(p.path, catalog.planner.cut),
    message: p.message,
    code: p.code,
    severity: p.severity,
  })),
  checklist: result.checklist.map((item) => ({
    position: item.position,
    step: item.step.number,
    step_label: item.step.label,
    system: item.system.name,
    kind: item.system.kind,
    preset: item.preset.id,
    preset_name: item.preset.name,
    connected: item.system.connected,
    first_import: Object.entries(item.preset.first_import).map(([dataType, lb]) => ({
      data_type: dataType,
      period: lb.period,
      when_possible: lb.when_possible,
      imported: lb.imported,
    })),
    support: item.support ? { contact: item.support.contact, adjusts: [...item.support.adjusts] } : null,
  })),
  routing: result.routing.map((route) => ({
    data_type: route.dataType.id,
    into_connect: route.into.map(endpointJson),
    from_connect: route.from.map(endpointJson),
  })),
});

export const plan = (catalog, setup) => asJson(catalog, makePlan(catalog, setup));
