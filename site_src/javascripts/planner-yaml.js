/* The setup as a setup file (YAML) and back: toYaml writes what `connect-presets plan` reads;
   readSetupText reads a pasted file with js-yaml (vendored: vendor/js-yaml.mjs, the npm package's
   ES module build) and checks its shape as schema/setup.schema.json does, in plain words.
   checkSetup also guards what the page keeps (localStorage) and what a link carries. */
import { CORE_SCHEMA, load } from "./vendor/js-yaml.mjs";
import { listed } from "./planner-dom.js";

/* ---------------------------------------------------------------- writing */

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

export const toYaml = (setup) => {
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

/* ---------------------------------------------------------------- the shape of a setup */

const SETUP_KEYS = ["account", "systems"];
const SYSTEM_KEYS = ["name", "kind", "preset", "system", "connected", "wants"];
const WANTS = ["import", "export", "both"];
const MOST_SYSTEMS = 10000; // the schema's maxItems
const MOST_SHOWN = 8; // a reader fixes the first few; the rest would bury them
const MOST_WANTS = 100; // the schema's maxProperties
const LABEL = /^[^\u0000-\u001f\u007f-\u009f]{1,120}$/u; // catalog-common.schema.json's label, by code unit
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u; // catalog-common.schema.json's id

const isId = (value) => typeof value === "string" && ID.test(value) && value.length <= 80;

const isMapping = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
// A lone surrogate (a "\\ud800" escape) is no character: the CLI's reader refuses it.
const isLabel = (value) =>
  typeof value === "string" && LABEL.test(value) && !/\p{Cs}/u.test(value) && Array.from(value).length <= 120;
const quote = (key) => `"${Array.from(String(key)).slice(0, 40).join("")}"`;

// The setup's errors (plain sentences) and, when there are none, the setup as the page keeps it.
// allowEmpty: a kept plan may have no system yet; a pasted file must list one.
export const checkSetup = (data, { allowEmpty = false } = {}) => {
  const errors = [];
  if (!isMapping(data)) {
    errors.push(
      data === null || data === undefined
        ? "The text holds no setup: a setup file has a line systems: with the systems under it."
        : "The text is not a setup: a setup file is a set of named settings (account and systems), not a list or a single value.",
    );
    return { errors, setup: null };
  }
  for (const key of Object.keys(data)) {
    if (!SETUP_KEYS.includes(key)) errors.push(`A setup file has no setting ${quote(key)}: it has account and systems.`);
  }
  if (Object.hasOwn(data, "account") && !isLabel(data.account)) {
    errors.push("The account must be a name on one line, of 1 to 120 characters.");
  }
  const systems = data.systems;
  if (!Object.hasOwn(data, "systems")) errors.push("The setup has no systems: list them under systems:.");
  else if (!Array.isArray(systems)) errors.push("The systems must be a list: each system starts with a dash (-).");
  else if (systems.length === 0 && !allowEmpty) errors.push("The setup lists no systems: add one under systems:.");
  else if (systems.length > MOST_SYSTEMS) errors.push(`The setup lists more than ${MOST_SYSTEMS} systems.`);
  else systems.forEach((entry, i) => errors.push(...systemErrors(entry, i + 1)));
  if (errors.length) {
    const more = errors.length - MOST_SHOWN;
    const shown = errors.slice(0, MOST_SHOWN);
    if (more > 0) shown.push(`And ${more} more ${more === 1 ? "problem" : "problems"}.`);
    return { errors: shown, setup: null };
  }
  const setup = { systems: systems.map(systemOf) };
  if (typeof data.account === "string") setup.account = data.account;
  return { errors, setup };
};

const systemErrors = (entry, n) => {
  if (!isMapping(entry)) {
    return [`System ${n} must be a set of settings (name, kind and preset), not a single value.`];
  }
  const errors = [];
  for (const key of Object.keys(entry)) {
    if (!SYSTEM_KEYS.includes(key)) {
      errors.push(`System ${n} has a setting ${quote(key)} that a system cannot have: it has ${listed(SYSTEM_KEYS)}.`);
    }
  }
  const what = { name: "name", kind: "kind", preset: "preset" };
  for (const [key, word] of Object.entries(what)) {
    if (!Object.hasOwn(entry, key)) errors.push(`System ${n} has no ${word}.`);
  }
  if (Object.hasOwn(entry, "name") && !isLabel(entry.name)) {
    errors.push(`The name of system ${n} must be text on one line, of 1 to 120 characters.`);
  }
  for (const key of ["kind", "preset", "system"]) {
    if (!Object.hasOwn(entry, key)) continue;
    if (typeof entry[key] !== "string" || entry[key] === "") errors.push(`The ${key} of system ${n} must be written as text.`);
    else if (!isId(entry[key])) {
      errors.push(`The ${key} of system ${n}, ${quote(entry[key])}, must be written as the catalogue writes it: lower-case words joined by hyphens.`);
    }
  }
  if (Object.hasOwn(entry, "connected") && typeof entry.connected !== "boolean") {
    errors.push(`connected, of system ${n}, must be true or false.`);
  }
  if (Object.hasOwn(entry, "wants")) {
    if (!isMapping(entry.wants)) errors.push(`The wanted flows of system ${n} must be a set of data types, each with import, export or both.`);
    else if (Object.keys(entry.wants).length > MOST_WANTS) errors.push(`System ${n} lists more than ${MOST_WANTS} wanted flows.`);
    else {
      for (const [dataType, want] of Object.entries(entry.wants)) {
        if (!isId(dataType)) {
          errors.push(`The wanted flow ${quote(dataType)} of system ${n} must name a data type as the catalogue writes it: lower-case words joined by hyphens.`);
        } else if (!WANTS.includes(want)) errors.push(`The wanted flow ${quote(dataType)} of system ${n} must be import, export or both.`);
      }
    }
  }
  return errors;
};

const systemOf = (entry) => {
  const system = { name: entry.name, kind: entry.kind, preset: entry.preset };
  if (typeof entry.system === "string") system.system = entry.system;
  if (entry.connected === true) system.connected = true;
  if (isMapping(entry.wants) && Object.keys(entry.wants).length) system.wants = { ...entry.wants };
  return system;
};

/* ---------------------------------------------------------------- reading a pasted file */

const MOST_CHARACTERS = 1_000_000;
const MOST_DEPTH = 64; // the CLI reader's MAX_DEPTH

/* What the CLI's strict reader refuses (generator/catalogue/yamlread/policy.py), the page refuses too,
   so that a file it loads is one `connect-presets plan` reads the same way: anchors and aliases (an
   alias bomb stops at its first anchor), tags, a %YAML directive for another version than 1.2, and
   plain words that YAML 1.1 reads as a boolean, number or date (Yes, on, 1:30, 2026-01-01) or that
   YAML 1.2 reads as a number where js-yaml reads text (1e3). Keys are not judged, as the CLI's are not. */
class Refusal extends Error {
  constructor(at, reason) {
    super(reason);
    this.at = at;
  }
}
const YAML11_BOOLEANS = new Set(["Yes", "YES", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"]);
const NOT_TEXT_ELSEWHERE = [
  // YAML 1.1's integers, floats, dates and times as PyYAML resolves them (generator/.../scalars.py)
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/u,
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/u,
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/u,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$/u,
  // YAML 1.2's core schema numbers
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/u,
];
const readElsewhereAsNoText = (word) => YAML11_BOOLEANS.has(word) || NOT_TEXT_ELSEWHERE.some((pattern) => pattern.test(word));

// Past spaces, line breaks and comments: where a node's own text (its tag or anchor first) begins.
const nodeStart = (text, at) => {
  for (;;) {
    while (at < text.length && " \t\r\n\ufeff".includes(text[at])) at += 1;
    if (text[at] !== "#") return at;
    while (at < text.length && text[at] !== "\n" && text[at] !== "\r") at += 1;
  }
};
const followedByColon = (text, at) => {
  while (text[at] === " " || text[at] === "\t") at += 1;
  return text[at] === ":";
};

const TAG_REFUSED = "a tag (a word after !) is not allowed in a setup file: remove it, and quote the value if it is text";

// js-yaml's listener: called as each node opens and closes; throws a Refusal at what the CLI refuses.
const strictListener = (text) => {
  const starts = [];
  return (event, state) => {
    if (event === "open") {
      starts.push(state.position);
      return;
    }
    const start = nodeStart(text, starts.pop() ?? 0);
    if (state.anchor !== null) {
      const at = text.lastIndexOf(`&${state.anchor}`, state.position);
      throw new Refusal(at < 0 ? start : at, `an anchor (&${state.anchor}) is not allowed in a setup file: write each value out in full`);
    }
    if (text[start] === "!") throw new Refusal(start, TAG_REFUSED);
    if (text[start] === "*") throw new Refusal(start, "an alias (*) is not allowed in a setup file: write the value out in full");
    const plainText = state.kind === "scalar" && state.tag === "?" && typeof state.result === "string";
    if (plainText && readElsewhereAsNoText(state.result) && !followedByColon(text, state.position)) {
      const word = quote(state.result);
      throw new Refusal(
        start,
        YAML11_BOOLEANS.has(state.result)
          ? `other YAML readers take ${word} for true or false: write true or false, or put ${word} in quotes if it is text`
          : `other YAML readers take ${word} for a number or a date: put it in quotes if it is text`,
      );
    }
  };
};
const DIRECTIVE = /^%YAML[ \t]+([^\s#]*)/mu;

const located = (text, at, reason) => {
  const before = text.slice(0, at).split(/\r\n|\r|\n/u);
  return `Line ${before.length}, column ${before[before.length - 1].length + 1}: ${reason}.`;
};

// js-yaml's reasons, in the words of the page where its own are technical.
const REASONS = new Map([
  ["duplicated mapping key", "this setting is written twice"],
  ["bad indentation of a mapping entry", "the indentation does not match the lines above it"],
  ["bad indentation of a sequence entry", "the indentation does not match the lines above it"],
  ["end of the stream or a document separator is expected", "the text goes on where it should end: check the indentation"],
  ["expected a single document in the stream, but found more", "the text holds more than one document (a line ---): paste one setup"],
  [`nesting exceeded maxDepth (${MOST_DEPTH})`, "the text nests deeper than a setup file can"],
]);
const reasonOf = (reason) => {
  // js-yaml stops at a tag it does not know (!!js/function, !foo) before the listener sees it.
  const text = /^unknown tag /u.test(reason ?? "") ? TAG_REFUSED : (REASONS.get(reason) ?? reason ?? "the text cannot be read as YAML");
  return text.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
};

// { setup, errors }: the setup in the pasted text, or the errors that keep it from loading.
export const readSetupText = (text) => {
  if (text.trim() === "") return { setup: null, errors: ["Paste a setup file first: the box is empty."] };
  if (text.length > MOST_CHARACTERS) return { setup: null, errors: ["The text is too long for a setup file."] };
  const directive = DIRECTIVE.exec(text);
  if (directive !== null && directive[1] !== "1.2") {
    return { setup: null, errors: [located(text, directive.index, `a setup file is read by the rules of YAML 1.2: remove the line %YAML ${directive[1]}`)] };
  }
  let data;
  try {
    data = load(text, { schema: CORE_SCHEMA, maxDepth: MOST_DEPTH, listener: strictListener(text) });
  } catch (error) {
    if (error instanceof Refusal) return { setup: null, errors: [located(text, error.at, error.message)] };
    if (error?.name !== "YAMLException") throw error;
    const mark = error.mark;
    const where = mark ? `Line ${mark.line + 1}, column ${mark.column + 1}: ` : "";
    let reason = reasonOf(error.reason);
    if (where !== "") reason = reason.replace(/^\p{Lu}/u, (c) => c.toLowerCase());
    return { setup: null, errors: [`${where}${reason}.`.replace(/\.\.$/u, ".")] };
  }
  return checkSetup(data);
};
