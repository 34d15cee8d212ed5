/* The planner page's small DOM helpers. Every text reaches the page through textContent (append of a
   string), never as HTML: names and messages come from the reader and the configs. */

// h("p", {class: "x", onclick: f}, "text", child): an element with attributes, listeners and children.
export const h = (tag, attributes = {}, ...children) => {
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
export const show = (target, ...children) =>
  target.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));

// A name as a setup file may hold it: on one line, without control characters (a tab pasted from a
// spreadsheet becomes a space). Otherwise the kept plan and its link would hold a name no reader takes.
export const oneLine = (text) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/gu, " ").trim();

export const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

// "a, b and c": names listed as a sentence says them.
export const listed = (items) =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

// A message of the rules as a sentence on the page: its first letter capitalised, a full stop at the
// end. The words stay the configs' own (configs/planner.json, generator/planning/messages.py).
export const sentence = (message) => {
  const text = message.replace(/^\p{Ll}/u, (letter) => letter.toUpperCase());
  return /[.!?]$/u.test(text) ? text : `${text}.`;
};

// The sentence as nodes, each of the setup's names that it quotes ('Webshop') in bold without the
// quotes, so that a reader sees the names as the systems they gave, not as code.
export const sentenceNodes = (message, names) => {
  const text = sentence(message);
  const quoted = [...new Set(names)].filter(Boolean).map((name) => `'${name}'`);
  quoted.sort((a, b) => b.length - a.length); // the longest first: 'Shop 2' before 'Shop'
  const nodes = [];
  let rest = text;
  while (rest !== "") {
    let at = -1;
    let found = "";
    for (const q of quoted) {
      const i = rest.indexOf(q);
      if (i >= 0 && (at < 0 || i < at)) [at, found] = [i, q];
    }
    if (at < 0) {
      nodes.push(rest);
      break;
    }
    if (at > 0) nodes.push(rest.slice(0, at));
    nodes.push(h("strong", { class: "cp-planner-name" }, found.slice(1, -1)));
    rest = rest.slice(at + found.length);
  }
  return nodes;
};
