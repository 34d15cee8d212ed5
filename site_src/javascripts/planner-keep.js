/* Keeping and sharing the plan: the setup kept in the browser (localStorage, a versioned record under
   one key of this site's) and carried by a link (#setup=<base64url of the setup's JSON>). What comes
   back from either is checked as a pasted file is (checkSetup); anything else, a corrupt record, an
   older version or another site's value, is ignored, and nothing here throws. */
import { checkSetup } from "./planner-yaml.js";

const STORAGE_KEY = "connect-presets.planner";
const VERSION = 1;
const FRAGMENT = /^#setup=([A-Za-z0-9_-]*)$/u;

const storage = () => {
  try {
    return window.localStorage; // reading the property itself throws where storage is blocked
  } catch {
    return null;
  }
};

const checked = (data) => {
  const { setup, errors } = checkSetup(data, { allowEmpty: true });
  return errors.length ? null : setup;
};

// Whether the browser kept it: false where storage is full or blocked (the plan stays on the page).
export const keepSetup = (setup) => {
  try {
    const store = storage();
    if (store === null) return false;
    if (setup.systems.length === 0 && !setup.account) store.removeItem(STORAGE_KEY);
    else store.setItem(STORAGE_KEY, JSON.stringify({ version: VERSION, setup }));
    return true;
  } catch {
    return false;
  }
};

export const keptSetup = () => {
  try {
    const raw = storage()?.getItem(STORAGE_KEY);
    if (typeof raw !== "string") return null;
    const record = JSON.parse(raw);
    if (record === null || typeof record !== "object" || record.version !== VERSION) return null;
    return checked(record.setup);
  } catch {
    return null;
  }
};

const toBase64url = (text) => {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/gu, "-").replace(/\//gu, "_").replace(/=+$/u, "");
};

const fromBase64url = (text) => {
  const binary = atob(text.replace(/-/gu, "+").replace(/_/gu, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

// The page's address with the setup as its fragment.
export const linkTo = (setup, href) => {
  const url = new URL(href);
  url.hash = `setup=${toBase64url(JSON.stringify(setup))}`;
  return url.href;
};

// Any #setup=, so that a link cut short or with a character added ("...#setup=eyJ.") is said to be
// unreadable, not silently taken for a heading's anchor.
export const isSetupFragment = (hash) => hash.startsWith("#setup=");

// The setup a link carries, or null when the fragment is no setup (a heading's anchor, say).
export const linkedSetup = (hash) => {
  const found = FRAGMENT.exec(hash);
  if (found === null) return null;
  try {
    return checked(JSON.parse(fromBase64url(found[1])));
  } catch {
    return null;
  }
};
