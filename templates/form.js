/* The member's form: conditions live, required answers checked, answers saved as the
   answer file `alliance-diag score` reads, and a saved file loaded back. No network.
   CONDITIONS (written by forms/script.py from the engine's parsed conditions) calls R,
   which keeps the meaning the engine gives each operation (engine/conditions.py). */
"use strict";

class PyTypeError extends Error {}

const R = {
  truthy(v) {
    if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v === "object") return Object.keys(v).length > 0;
    return true;
  },
  get(owner, key) {
    if (owner === null || typeof owner !== "object" || Array.isArray(owner)) return null;
    const found = Object.prototype.hasOwnProperty.call(owner, key) ? owner[key] : null;
    return found === undefined ? null : found;
  },
  and(left, right) { return R.truthy(left) ? right() : left; },
  or(left, right) { return R.truthy(left) ? left : right(); },
  number(v) { return typeof v === "number" || typeof v === "boolean"; },
  neg(v) { if (!R.number(v)) throw new PyTypeError("neg"); return -v; },
  pos(v) { if (!R.number(v)) throw new PyTypeError("pos"); return +v; },
  eq(a, b) {
    if (R.number(a) && R.number(b)) return +a === +b;
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every((x, i) => R.eq(x, b[i]));
    }
    return a === b;
  },
  order(a, b) {
    // Python orders numbers with numbers, texts with texts, lists item by item
    if (R.number(a) && R.number(b)) return +a < +b ? -1 : +a > +b ? 1 : 0;
    if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        if (!R.eq(a[i], b[i])) return R.order(a[i], b[i]);
      }
      return a.length - b.length;
    }
    throw new PyTypeError("order");
  },
  contains(item, box) {
    if (Array.isArray(box)) return box.some((x) => R.eq(item, x));
    if (typeof box === "string") {
      if (typeof item !== "string") throw new PyTypeError("in");
      return box.includes(item);
    }
    if (box !== null && typeof box === "object") return typeof item === "string" && item in box;
    throw new PyTypeError("in");
  },
  ops: {
    eq: (a, b) => R.eq(a, b),
    ne: (a, b) => !R.eq(a, b),
    lt: (a, b) => R.order(a, b) < 0,
    lteq: (a, b) => R.order(a, b) <= 0,
    gt: (a, b) => R.order(a, b) > 0,
    gteq: (a, b) => R.order(a, b) >= 0,
    in: (a, b) => R.contains(a, b),
    notin: (a, b) => !R.contains(a, b),
  },
  compare(first, steps) {
    let left = first;
    for (const [op, operand] of steps) {
      const right = operand();
      if (!R.ops[op](left, right)) return false;
      left = right;
    }
    return true;
  },
  test(name, value, arg) {
    switch (name) {
      case "none": return value === null;
      case "defined": return true;
      case "undefined": return false;
      case "number": return R.number(value);
      case "string": return typeof value === "string";
      case "in": return R.contains(value, arg);
    }
    throw new PyTypeError(name);
  },
  text(v) {
    if (v === null) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    return String(v);
  },
  filter(name, value, arg) {
    switch (name) {
      case "length":
        if (typeof value === "string" || Array.isArray(value)) return [...value].length;
        if (value !== null && typeof value === "object") return Object.keys(value).length;
        throw new PyTypeError("length");
      case "abs": if (!R.number(value)) throw new PyTypeError("abs"); return Math.abs(value);
      case "round": {
        if (!R.number(value)) throw new PyTypeError("round");
        const scale = 10 ** (arg || 0);
        return Math.round(value * scale) / scale;
      }
      case "int": {
        const n = typeof value === "string" ? Number(value.trim()) : Number(value);
        return Number.isFinite(n) && value !== null ? Math.trunc(n) : 0;
      }
      case "float": {
        const n = typeof value === "string" ? Number(value.trim()) : Number(value);
        return Number.isFinite(n) && value !== null && value !== "" ? n : 0;
      }
      case "lower": return R.text(value).toLowerCase();
      case "upper": return R.text(value).toUpperCase();
    }
    throw new PyTypeError(name);
  },
  holds(condition, context) {
    try {
      return R.truthy(condition(context));
    } catch (error) {
      if (error instanceof PyTypeError || error instanceof TypeError) return false;
      throw error;
    }
  },
};

const FORM = JSON.parse(document.getElementById("form-data").textContent);
const form = document.getElementById("member-form");
const byId = new Map(FORM.questions.map((q) => [q.id, q]));

function valueOf(q) {
  const block = document.getElementById("q-" + q.id);
  if (q.kind === "choice") {
    const ticked = block.querySelector("input:checked");
    return ticked ? ticked.value : null;
  }
  if (q.kind === "multiple") {
    const ticked = [...block.querySelectorAll("input[type=checkbox]:checked")].map((i) => i.value);
    return ticked.length ? ticked : null;
  }
  const input = block.querySelector(".answer");
  const text = input.value.trim();
  if (!text) return null;
  if (q.kind === "number") {
    const n = Number(text.replace(",", "."));
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

function noteOf(q) {
  const note = document.getElementById("note-" + q.id);
  return note ? note.value.trim() : "";
}

/* The engine's context: every profile answer; an answer only once its question applies. */
function applicable() {
  const profile = {};
  const answers = {};
  for (const q of FORM.questions) {
    if (q.section === "answers") answers[q.id] = null;
    else profile[q.id] = valueOf(q);
  }
  const shown = new Set();
  const profileContext = { profile, answers: {} };
  const context = { profile, answers };
  for (const q of FORM.questions) {
    const condition = CONDITIONS[q.id];
    const inProfile = q.section !== "answers";
    if (!condition || R.holds(condition, inProfile ? profileContext : context)) {
      shown.add(q.id);
      if (!inProfile) answers[q.id] = valueOf(q);
    }
  }
  return shown;
}

function refresh() {
  const shown = applicable();
  for (const q of FORM.questions) {
    const block = document.getElementById("q-" + q.id);
    const on = shown.has(q.id);
    block.classList.toggle("off", !on);
    block.querySelectorAll("input, textarea").forEach((input) => { input.disabled = !on; });
  }
  for (const section of document.querySelectorAll("section.page")) {
    const any = section.querySelector(".question:not(.off)");
    section.classList.toggle("off", !any);
  }
  return shown;
}

function missing(shown) {
  return FORM.questions.filter((q) => q.required && shown.has(q.id) && valueOf(q) === null);
}

/* A number answer that `score` would refuse: not a number, or outside its limits. */
function invalid(shown) {
  return FORM.questions.filter((q) => {
    const value = q.kind === "number" && shown.has(q.id) ? valueOf(q) : null;
    if (value === null) return false;
    return typeof value !== "number" || (q.min !== null && value < q.min)
      || (q.max !== null && value > q.max);
  });
}

function quoted(value) {
  return JSON.stringify(value);
}

/* YAML written with JSON scalars: what `score`, `batch` and `compare` read. */
function answerFile(shown) {
  const sections = { respondent: [], profile: [], answers: [] };
  const notes = [];
  for (const q of FORM.questions) {
    if (!shown.has(q.id)) continue;
    const value = valueOf(q);
    if (value !== null) sections[q.section].push(`  ${q.id}: ${quoted(value)}`);
    const note = noteOf(q);
    if (note) notes.push(`  ${q.id}: ${quoted(note)}`);
  }
  const now = new Date().toISOString();
  const lines = [
    `questionnaire: ${quoted(FORM.id)}`,
    `questionnaire_version: ${quoted(FORM.version)}`,
    `language: ${quoted(FORM.lang)}`,
  ];
  for (const [name, entries] of [...Object.entries(sections), ["notes", notes]]) {
    lines.push(entries.length ? `${name}:` : `${name}: {}`, ...entries);
  }
  lines.push(`started_at: ${quoted(form.dataset.started || now)}`, `updated_at: ${quoted(now)}`);
  return lines.join("\n") + "\n";
}

function fileName() {
  const asked = byId.get("organisation");
  const organisation = String((asked && valueOf(asked)) || "")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `diagnostic-${organisation || FORM.id}.yaml`;
}

function say(text, list) {
  const box = document.getElementById("status");
  box.textContent = text;
  if (list) {
    const ul = document.createElement("ul");
    for (const q of list) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#q-" + q.id;
      link.textContent = `${q.number}. ${q.text}`;
      li.appendChild(link);
      ul.appendChild(li);
    }
    box.appendChild(ul);
  }
}

function download(draft) {
  const shown = refresh();
  const wrong = invalid(shown);
  if (wrong.length) {
    say(FORM.words.invalid, wrong);
    document.getElementById("in-" + wrong[0].id).focus();
    return;
  }
  const absent = missing(shown);
  if (absent.length && !draft) {
    say(FORM.words.missing, absent);
    document.getElementById("save-draft").hidden = false;
    const first = document.getElementById("q-" + absent[0].id).querySelector("input");
    if (first) first.focus();
    return;
  }
  const blob = new Blob([answerFile(shown)], { type: "application/yaml" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName();
  document.body.appendChild(link);
  link.click();
  link.remove();
  say(FORM.words.saved.replace("{file}", link.download));
}

/* Reading a saved file back: our own YAML (JSON scalars), JSON, or the plain YAML that
   `assess` writes (one level of sections, scalars and lists). */
function scalar(text) {
  const t = text.trim();
  if (t === "" || t === "~" || t === "null") return null;
  try { return JSON.parse(t); } catch (error) { /* a plain YAML scalar */ }
  if (t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  if (t.startsWith("[") && t.endsWith("]")) {
    return t.slice(1, -1).split(",").map((part) => scalar(part)).filter((v) => v !== null);
  }
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function parseAnswerFile(text) {
  if (text.trim().startsWith("{")) return JSON.parse(text);
  const data = {};
  let section = null;
  let listOf = null;
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trim().startsWith("#")) continue;
    const indented = /^\s/.test(raw);
    const item = raw.match(/^\s*-\s+(.*)$/);
    if (item && section && listOf) {
      data[section][listOf] = [...(data[section][listOf] || []), scalar(item[1])];
      continue;
    }
    const pair = raw.match(/^\s*([^:#]+?):(?:\s+(.*))?$/);
    if (!pair) continue;
    const [, key, rest] = pair;
    if (!indented) {
      section = key;
      listOf = null;
      data[key] = rest === undefined || rest.trim() === "{}" ? {} : scalar(rest);
    } else if (section && typeof data[section] === "object" && data[section] !== null) {
      listOf = rest === undefined ? key : null;
      data[section][key] = rest === undefined ? [] : scalar(rest);
    }
  }
  return data;
}

function fill(data) {
  const values = { ...(data.respondent || {}), ...(data.profile || {}), ...(data.answers || {}) };
  for (const q of FORM.questions) {
    const block = document.getElementById("q-" + q.id);
    const value = values[q.id];
    if (q.kind === "choice" || q.kind === "multiple") {
      const chosen = Array.isArray(value) ? value.map(String) : value == null ? [] : [String(value)];
      block.querySelectorAll("input").forEach((input) => {
        input.checked = chosen.includes(input.value);
      });
    } else {
      block.querySelector(".answer").value = value == null ? "" : String(value);
    }
    const note = document.getElementById("note-" + q.id);
    if (note) note.value = (data.notes || {})[q.id] || "";
  }
  if (data.started_at) form.dataset.started = String(data.started_at);
  refresh();
}

function load(file) {
  const reader = new FileReader();
  reader.onload = () => {
    try {
      const data = parseAnswerFile(String(reader.result));
      if (data.questionnaire !== FORM.id) {
        say(FORM.words.other.replace("{found}", String(data.questionnaire)));
        return;
      }
      fill(data);
      say(FORM.words.loaded.replace("{file}", file.name));
    } catch (error) {
      say(FORM.words.unreadable.replace("{file}", file.name));
    }
  };
  reader.readAsText(file);
}

form.addEventListener("input", refresh);
form.addEventListener("change", refresh);
form.addEventListener("submit", (event) => { event.preventDefault(); download(false); });
document.getElementById("save-draft").addEventListener("click", () => download(true));
document.getElementById("load").addEventListener("change", (event) => {
  if (event.target.files.length) load(event.target.files[0]);
});
document.documentElement.classList.add("live");
refresh();
