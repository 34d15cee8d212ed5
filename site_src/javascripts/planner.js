/* The "Plan your setup" page: what `connect-presets plan` does, in the browser, from the exported
   JSON configs alone (configs/index.json and configs/presets/<id>.json, found through the
   data-configs attribute of <div id="planner">).

   The rules are those of generator/planrules.py, ported one for one: every catalogue fact (kinds, presets,
   data types, the connection order, conditions, notes, periods) is read from the configs, and every
   problem message is worded as planrules.py words it. window.connectPlanner.plan(setup) returns what
   generator.planner.as_json(plan(setup, catalog)) returns, with null for a problem's line and column
   (there is no file), and the problems in the order the command line lists them for the file that
   toYaml(setup) writes.

   Does nothing on any page without #planner. No framework, nothing from other hosts; every text
   from the configs or the reader reaches the page through textContent, never as HTML. */
(() => {
  "use strict";

  const root = document.getElementById("planner");
  if (root === null) return;

  /* ---------------------------------------------------------------- Python's string functions */

  // str.isspace() in Python; String.prototype.trim() differs (U+001C-U+001F, U+0085, U+FEFF).
  const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
  const pyRstrip = (text) => {
    const chars = Array.from(text);
    let end = chars.length;
    while (end > 0 && PY_SPACE.test(chars[end - 1])) end -= 1;
    return chars.slice(0, end).join("");
  };
  const pyStrip = (text) => {
    const chars = Array.from(pyRstrip(text));
    let start = 0;
    while (start < chars.length && PY_SPACE.test(chars[start])) start += 1;
    return chars.slice(start).join("");
  };

  // Python compares strings by code point; JavaScript's < compares UTF-16 code units.
  const compareText = (a, b) => {
    if (a === b) return 0;
    const x = Array.from(a);
    const y = Array.from(b);
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
      if (x[i] !== y[i]) return x[i].codePointAt(0) < y[i].codePointAt(0) ? -1 : 1;
    }
    return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
  };

  // difflib.SequenceMatcher(None, a, b).ratio(), as CPython computes it (autojunk included).
  const ratio = (aText, bText) => {
    const a = Array.from(aText);
    const b = Array.from(bText);
    const b2j = new Map();
    b.forEach((elt, j) => {
      if (!b2j.has(elt)) b2j.set(elt, []);
      b2j.get(elt).push(j);
    });
    if (b.length >= 200) {
      const ntest = Math.floor(b.length / 100) + 1;
      for (const [elt, indexes] of [...b2j]) if (indexes.length > ntest) b2j.delete(elt);
    }
    const longest = (alo, ahi, blo, bhi) => {
      let [besti, bestj, bestsize] = [alo, blo, 0];
      let j2len = new Map();
      for (let i = alo; i < ahi; i += 1) {
        const next = new Map();
        for (const j of b2j.get(a[i]) ?? []) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const k = (j2len.get(j - 1) ?? 0) + 1;
          next.set(j, k);
          if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
        }
        j2len = next;
      }
      // No element is junk (isjunk is None); popular ones are, for these two loops, ordinary.
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
        [besti, bestj, bestsize] = [besti - 1, bestj - 1, bestsize + 1];
      }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
        bestsize += 1;
      }
      return [besti, bestj, bestsize];
    };
    let matches = 0;
    const queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = longest(alo, ahi, blo, bhi);
      if (k) {
        matches += k;
        if (alo < i && blo < j) queue.push([alo, i, blo, j]);
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
      }
    }
    const length = a.length + b.length;
    return length ? (2.0 * matches) / length : 1.0;
  };

  // difflib.get_close_matches(word, possibilities, n=1): the best (score, text) pair at 0.6 or more.
  const closeMatch = (word, possibilities) => {
    let best = null;
    for (const text of possibilities) {
      const score = ratio(text, word);
      if (score < 0.6) continue;
      if (best === null || score > best.score || (score === best.score && compareText(text, best.text) > 0)) {
        best = { score, text };
      }
    }
    return best === null ? null : best.text;
  };

  // difflib.get_close_matches(word, possibilities, n, cutoff): the n best at cutoff or more, best first.
  const closeMatches = (word, possibilities, n, cutoff) =>
    possibilities
      .map((text) => ({ score: ratio(text, word), text }))
      .filter((m) => m.score >= cutoff)
      .sort((x, y) => y.score - x.score || compareText(y.text, x.text))
      .slice(0, n)
      .map((m) => m.text);

  // planrules.Rules.hint: did you mean the closest id, or the ids to choose from.
  const idHint = (value, known) => {
    const close = closeMatch(value, known);
    if (close !== null) return `did you mean '${close}'?`;
    let listing = known.join(", ");
    if (Array.from(listing).length > 300) listing = `${closeMatches(value, known, 5, 0).join(", ")}, ...`;
    return `write one of: ${listing}`;
  };

  // problems.json_path: ("systems", 2, "wants", "some-type") -> $.systems[2].wants.some-type
  const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  const jsonPath = (path) =>
    "$" +
    path
      .map((part) =>
        typeof part === "number" ? `[${part}]` : PLAIN_KEY.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`,
      )
      .join("");

  /* ---------------------------------------------------------------- the catalogue, from the configs */

  const getJson = async (url) => {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url.pathname} answered ${response.status} ${response.statusText}`.trim());
    return response.json();
  };

  const READS_FORMAT = 2; // the format_version of the configs this page reads

  const loadCatalog = async (base) => {
    const indexUrl = new URL("index.json", base);
    const index = await getJson(indexUrl);
    if (index.format_version !== READS_FORMAT) {
      throw new Error(`the configs have format version ${index.format_version}; this page reads version ${READS_FORMAT}`);
    }
    const presets = await Promise.all(index.presets.map((entry) => getJson(new URL(entry.config, indexUrl))));
    return makeCatalog(index, presets);
  };

  const makeCatalog = (index, presetDocuments) => {
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
    // model.ConnectionOrder.step_for: the first step that names the preset, else the first of the kind.
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
    };
  };

  /* ---------------------------------------------------------------- the rules (generator/planrules.py) */

  const setupSystems = (setup) =>
    (setup?.systems ?? []).map((s) => ({
      name: s.name,
      kind: s.kind,
      preset: s.preset,
      system: s.system ?? null,
      connected: Boolean(s.connected),
      wants: Object.entries(s.wants ?? {}),
    }));

  const flowOf = (preset, dataType) => {
    if (!Object.hasOwn(preset.flows, dataType)) throw new Error(`the ${preset.id} config has no flow for '${dataType}'`);
    return preset.flows[dataType];
  };

  const servesKind = (preset, kind) => preset.kinds.includes(kind);

  // planrules.SEVERITY: how firmly the page puts a rule, as the planner reports a setup that breaks it.
  const SEVERITY = { request: "warning", essential: "error" };

  // Where the command line would point: the place in the setup file toYaml writes, in file order.
  const FIELD_ORDER = ["name", "kind", "preset", "system", "connected", "wants"];

  const makePlan = (catalog, setup) => {
    const systems = setupSystems(setup);
    const { presets, named, kinds, stepOfKind, dataTypeLabels } = catalog;
    // A preset the page restricts serves only its kinds; one it only suggests for a kind may serve another.
    const unrestricted = (preset, kind) => kinds.has(kind) && preset.available_only_for === null;
    const fitting = [];
    systems.forEach((s, i) => {
      const preset = presets.get(s.preset);
      if (preset !== undefined && (servesKind(preset, s.kind) || unrestricted(preset, s.kind))) fitting.push(i);
    });
    const fits = new Set(fitting);
    // The step of each system: the step that names its preset (when it fits its kind), else its kind's.
    const stepOf = systems.map(
      (s, i) => (fits.has(i) ? catalog.stepOfPreset.get(s.preset) : undefined) ?? stepOfKind.get(s.kind) ?? null,
    );
    const found = [];
    const problem = (path, message, code, severity = "error") => found.push({ path, message, code, severity });
    const range = (n) => Array.from({ length: n }, (_, i) => i);

    // The flow as it runs for a system: the preset's, or a named system's exception.
    const state = (index, dataType, direction) => {
      const system = systems[index];
      const flow = flowOf(presets.get(system.preset), dataType);
      for (const exception of flow.exceptions) {
        if (exception.system === system.system) {
          return [direction === "import" ? exception.import : exception.export, null, exception.note];
        }
      }
      const side = direction === "import" ? "import" : "export";
      return [flow[side], flow[`${side}_condition`] ?? null, null];
    };

    // _names
    const seen = new Map();
    systems.forEach((system, i) => {
      if (seen.has(system.name)) {
        problem(
          ["systems", i, "name"],
          `the name '${system.name}' is used twice (first for system ${seen.get(system.name) + 1}); give each system its own name`,
          "duplicate-name",
        );
      }
      if (!seen.has(system.name)) seen.set(system.name, i);
    });

    // _references
    systems.forEach((system, i) => {
      const kind = kinds.get(system.kind);
      if (kind === undefined) {
        problem(
          ["systems", i, "kind"],
          `'${system.kind}' is not a known kind of system; ${idHint(system.kind, [...kinds.keys()])}`,
          "unknown-kind",
        );
      }
      const forKind = catalog.presetList.filter((p) => servesKind(p, system.kind));
      if (!presets.has(system.preset)) {
        const close = closeMatch(system.preset, [...presets.keys()]);
        const hint =
          close !== null
            ? `did you mean '${close}'?`
            : `presets for this kind: ${forKind.map((p) => p.id).join(", ") || "none"}`;
        problem(["systems", i, "preset"], `unknown preset '${system.preset}'; ${hint}`, "unknown-preset");
      } else if (kind !== undefined && !servesKind(presets.get(system.preset), system.kind)) {
        const preset = presets.get(system.preset);
        const choose = forKind.map((p) => p.name).join(", ") || "none in the catalogue";
        if (preset.available_only_for !== null) {
          problem(
            ["systems", i, "preset"],
            `the ${preset.name} preset is available only for ${preset.available_only_for}, not for a system of the kind ${kind.label}; presets for that kind: ${choose}`,
            "preset-kind",
          );
        } else {
          const serves = preset.kinds.map((k) => kinds.get(k).label).join(", ");
          problem(
            ["systems", i, "preset"],
            `the help page suggests the ${preset.name} preset for systems of the kind ${serves}; this system is of the kind ${kind.label} (presets for that kind: ${choose})`,
            "preset-kind",
            "warning",
          );
        }
      }
      if (system.system !== null) {
        const known = named.get(system.system);
        if (known === undefined) {
          problem(
            ["systems", i, "system"],
            `unknown system '${system.system}'; the catalogue names: ${[...named.keys()].join(", ")}`,
            "unknown-system",
          );
        } else if (known.kind !== system.kind) {
          const said = kind !== undefined ? kind.label : system.kind;
          problem(
            ["systems", i, "system"],
            `the catalogue lists ${known.name} as a system of the kind ${kinds.get(known.kind).label}, but this entry says ${said}`,
            "system-kind",
            "warning",
          );
        }
      }
    });

    // _requirements
    const present = new Set(systems.map((s) => s.kind));
    for (const i of fitting) {
      const preset = presets.get(systems[i].preset);
      for (const requirement of preset.requires) {
        if (!present.has(requirement.kind)) {
          problem(
            ["systems", i, "preset"],
            `the ${preset.name} preset needs a system of the kind ${kinds.get(requirement.kind).label} in the setup: ${pyStrip(requirement.description)} Add one.`,
            "missing-required",
          );
        }
      }
    }

    // _second_sources: a further source of data a preset may be the only source of warns.
    const allowing = new Map();
    for (const preset of catalog.presetList) {
      for (const dataType of preset.may_be_only_source_of) {
        if (!allowing.has(dataType)) allowing.set(dataType, []);
        allowing.get(dataType).push(preset.name);
      }
    }
    for (const [dataType, presetNames] of allowing) {
      const label = (dataTypeLabels.get(dataType) ?? dataType).toLowerCase();
      const sources = fitting.filter((i) => state(i, dataType, "import")[0] !== "no");
      for (const i of sources.slice(1)) {
        const [first, self] = [systems[sources[0]], systems[i]];
        let defaults = "";
        const firstStep = stepOf[sources[0]];
        if (catalog.defaultSourceOf.includes(dataType) && firstStep !== null && firstStep.id === catalog.firstStep) {
          const sourceOf = catalog.defaultSourceOf.map((d) => (dataTypeLabels.get(d) ?? d).toLowerCase()).join(" and ");
          defaults = ` The first system connected at step ${firstStep.number} (${firstStep.label}) becomes the default source of ${sourceOf}.`;
        }
        let advice = " Connect first the system that should be the source.";
        if (first.connected) {
          const essential = stepOf[i] !== null && stepOf[i].id === catalog.firstStep;
          advice = ` '${first.name}' is connected already.${essential ? ` ${pyStrip(catalog.addedLater.text)}` : ""}`;
        }
        problem(
          ["systems", i, "preset"],
          `'${self.name}' imports ${label} as '${first.name}' does: the setup has two sources of ${label}. The ${presetNames.join(" and ")} preset allows one system to be the only source of ${label}.${defaults}${advice}`,
          "second-source",
          "warning",
        );
      }
    }

    // _order: the page asks for its order (warnings) and requires the first step first (errors).
    const outOfOrder = (j, step, before, connected) => {
      if (before === undefined) return;
      const [system, other, otherStep] = [systems[j], systems[before], stepOf[before]];
      const essential = step.id === catalog.firstStep;
      const strength = essential ? catalog.firstStepStrength : catalog.strength;
      const rule = essential ? ` ${pyStrip(catalog.firstStepWording)}` : "";
      if (connected) {
        const then = essential ? ` ${pyStrip(catalog.addedLater.text)}` : "";
        const joins = system.connected ? "was connected after" : "joins after";
        const after = system.connected ? "" : " is connected";
        problem(
          ["systems", j],
          `'${system.name}' (step ${step.number}, ${step.label}) ${joins} '${other.name}' (step ${otherStep.number}, ${otherStep.label})${after}.${rule}${then}`,
          "added-later",
          SEVERITY[strength],
        );
      } else {
        const keep = essential ? "" : " to keep to the connection order";
        problem(
          ["systems", j],
          `'${system.name}' belongs to step ${step.number} (${step.label}) but is listed after '${other.name}' (step ${otherStep.number}, ${otherStep.label}).${rule} Move it up${keep}.`,
          "order",
          SEVERITY[strength],
        );
      }
    };
    systems.forEach((system, j) => {
      const step = stepOf[j];
      if (step === null) return;
      const earlier = range(j);
      const later = earlier.filter((i) => stepOf[i] !== null && stepOf[i].number > step.number);
      if (system.connected && earlier.some((i) => !systems[i].connected)) {
        const first = earlier.find((i) => !systems[i].connected);
        problem(
          ["systems", j, "connected"],
          `'${system.name}' is connected already but listed after '${systems[first].name}', which is not: list the connected systems first, in the order they were connected`,
          "connected-order",
        );
      }
      // A connected system after a connected one of a later step was connected late: told, as the page asks.
      outOfOrder(j, step, later.find((i) => systems[i].connected), true);
      if (!system.connected) outOfOrder(j, step, later.find((i) => !systems[i].connected), false);
    });

    // _wants
    systems.forEach((system, i) => {
      for (const [dataType] of system.wants) {
        if (dataTypeLabels.has(dataType)) continue;
        problem(
          ["systems", i, "wants", dataType],
          `'${dataType}' is not a known data type; ${idHint(dataType, [...dataTypeLabels.keys()])}`,
          "unknown-data-type",
        );
      }
    });
    for (const i of fitting) {
      const system = systems[i];
      const preset = presets.get(system.preset);
      for (const [dataType, want] of system.wants) {
        if (!dataTypeLabels.has(dataType)) continue;
        for (const direction of want === "both" ? ["import", "export"] : [want]) {
          if (state(i, dataType, direction)[0] !== "no") continue;
          const verb = direction === "import" ? "import" : "export";
          const where = direction === "import" ? "from it into Connect" : "from Connect to it";
          // planrules.Rules._advice: each suggested preset with the page's restriction.
          const suggested = (id) => {
            const other = presets.get(id);
            return other.available_only_for ? `${other.name} (available only for ${other.available_only_for})` : other.name;
          };
          let advice = preset.notes
            .filter((note) => note.suggest_presets.length)
            .map(
              (note) =>
                `${pyStrip(note.text)} Suggested: ${note.suggest_presets
                  .filter((id) => presets.has(id))
                  .map(suggested)
                  .join(", ")}.`,
            )
            .join(" ");
          if (!advice) {
            const others = catalog.presetList
              .filter((p) => servesKind(p, system.kind) && p.id !== preset.id)
              .map((p) => p.name);
            advice = others.length ? `Other presets for this kind of system: ${others.join(", ")}.` : "";
          }
          const label = (dataTypeLabels.get(dataType) ?? dataType).toLowerCase();
          const said = preset.page_inconsistencies.find((entry) => entry.at === `flows.${dataType}`);
          const aside = said ? ` (${pyStrip(said.note).replace(/\.+$/u, "")})` : "";
          problem(
            ["systems", i, "wants", dataType],
            pyRstrip(`the ${preset.name} preset does not ${verb} ${label} ${where}${aside}. ${advice}`),
            "unserved-want",
            "warning",
          );
        }
      }
    }

    // _unplaced: a system whose kind has no step is left out of the checklist, and told so.
    for (const i of fitting) {
      const system = systems[i];
      if (stepOf[i] !== null) continue;
      problem(
        ["systems", i, "kind"],
        `'${system.name}' is left out of the checklist: the catalogue's connection order has no step for its kind (${kinds.get(system.kind).label}) or its preset (${presets.get(system.preset).name}); add one of them to a step of the connection order to place it`,
        "no-step",
        "warning",
      );
    }

    // sort_problems: one problem per place and text, in the order of the file toYaml writes.
    const unique = new Map();
    for (const p of found) unique.set(JSON.stringify([p.path, p.message, p.code, p.severity]), p);
    const place = (p) => {
      const [, index, field, key] = p.path;
      const rank = field === undefined ? 0 : FIELD_ORDER.indexOf(field) + 1 || FIELD_ORDER.length + 1;
      const sub = field === "wants" ? systems[index].wants.findIndex(([d]) => d === key) : 0;
      return [typeof index === "number" ? index : -1, rank, sub];
    };
    const problems = [...unique.values()].sort((p, q) => {
      const [x, y] = [place(p), place(q)];
      for (let k = 0; k < x.length; k += 1) if (x[k] !== y[k]) return x[k] - y[k];
      return compareText(jsonPath(p.path), jsonPath(q.path)) || compareText(p.message, q.message) || compareText(p.code, q.code);
    });

    // in_order: the fitting systems by step, then as listed (a kind without a step goes last).
    const position = (i) => (stepOf[i] !== null ? stepOf[i].number : catalog.steps.length + 1);
    const inOrder = [...fitting].sort((i, j) => position(i) - position(j) || i - j);

    // checklist
    // A system joins late when a connected system listed before it belongs to a later step.
    const latest = [];
    let highest = 0;
    systems.forEach((s, i) => {
      latest.push(highest);
      if (s.connected && stepOf[i] !== null) highest = Math.max(highest, stepOf[i].number);
    });
    const checklist = inOrder
      .filter((i) => stepOf[i] !== null)
      .map((i, n) => {
        const system = systems[i];
        const step = stepOf[i];
        const late = latest[i] > step.number;
        return {
          position: n + 1,
          index: i,
          step,
          system,
          preset: presets.get(system.preset),
          support: late && step.id === catalog.firstStep ? catalog.addedLater : null,
        };
      });

    // routing
    const routing = catalog.dataTypes.map((dataType) => {
      const ends = { import: [], export: [] };
      for (const i of inOrder) {
        const system = systems[i];
        const flow = flowOf(presets.get(system.preset), dataType.id);
        for (const direction of ["import", "export"]) {
          const [flowState, condition, applied] = state(i, dataType.id, direction);
          if (flowState === "no") continue;
          const others = flow.exceptions
            .filter((e) => e.system !== system.system)
            .map((e) => e.note)
            .join(" ");
          ends[direction].push({
            system: system.name,
            preset: system.preset,
            state: flowState,
            condition,
            note: applied || others || null,
          });
        }
      }
      return { dataType, into: ends.import, from: ends.export };
    });

    return { systems, problems, checklist, routing, fitting: fits };
  };

  const endpointJson = (end) => ({
    system: end.system,
    preset: end.preset,
    state: end.state,
    condition: end.condition ? end.condition.id : null,
    note: end.note,
  });

  // generator.planner.as_json
  const asJson = (result) => ({
    problems: result.problems.map((p) => ({
      line: null,
      column: null,
      path: jsonPath(p.path),
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

  const UNITS = { Y: ["year", "years"], M: ["month", "months"], W: ["week", "weeks"], D: ["day", "days"] };
  // site.period_text: P3D -> '3 days', P1Y6M -> '1 year and 6 months', P2W -> '2 weeks'
  const periodText = (period) => {
    const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/u.exec(period);
    if (match === null) return period;
    return ["Y", "M", "W", "D"]
      .map((unit, n) => [match[n + 1], unit])
      .filter(([amount]) => amount !== undefined)
      .map(([amount, unit]) => `${Number(amount)} ${UNITS[unit][Number(amount) === 1 ? 0 : 1]}`)
      .join(" and ");
  };

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
    plan: (setup) => asJson(makePlan(need(), setup)),
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
              "data-path": jsonPath(p.path),
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
  const lookbacks = (preset, imported = true) =>
    Object.entries(preset.first_import)
      .filter(([, lb]) => lb.imported === imported)
      .map(
        ([dataType, lb]) =>
          `${catalog.dataTypeLabels.get(dataType) ?? dataType} ${periodText(lb.period)}` +
          (lb.when_possible ? " (when possible)" : ""),
      );

  const renderChecklist = (result) => {
    const target = part("checklist");
    if (model.systems.length === 0) {
      show(target, h("p", { class: "cp-planner-placeholder" }, "The checklist appears when you add a system."));
      return;
    }
    const left = result.systems.filter((_, i) => !result.checklist.some((item) => item.index === i)).map((s) => s.name);
    const items = result.checklist.map((item) => {
      const first = lookbacks(item.preset);
      const notImported = lookbacks(item.preset, false);
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
              { "data-system": end.system, "data-state": end.state },
              end.system,
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
})();
