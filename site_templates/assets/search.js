// The search page: Pagefind's JavaScript API (pagefind.js, its WebAssembly and index) with the
// site's own result list, instead of Pagefind's default UI. The query and ticked filters live in
// the address (?q=Maori&theme=Health), so a search can be linked to; only the results shown are
// fetched, ten at a time. Every value from the index is put on the page as text, never as markup.
// "Download these results" is its own module (search-download.js).
import { downloads } from "./search-download.js";

const form = document.getElementById("search-form");
const box = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const filterArea = document.getElementById("search-filters");
const widened = document.getElementById("search-widened");
// What the search understands (data/reference/search_terms.yaml): synonym groups, indexed with
// the pages that hold one of their words, and acronyms, looked up as whole words.
const TERMS = JSON.parse(form.dataset.terms || '{"synonyms":[],"acronyms":[]}');
const ACRONYMS = new Set(TERMS.acronyms.map((a) => fold(a)));
// Words and phrases in te reo Māori (phrases first), searched exactly: never stemmed, never the
// start of an English word ("mana" never finds "management"); the synonym groups' Māori words too.
const MAORI = [...new Set([...(TERMS.maori || [])].map((w) => fold(w)))];
const PAGE = 10;
// Pagefind's filter names (data-pagefind-filter on the recommendation pages) and their labels, in order.
const FILTERS = [
  ["mechanism", "Mechanism"], ["body", "UN body"], ["cycle", "Review"], ["year", "Year"], ["response", "Response"],
  ["state", "Recommending state"], ["region", "Regional group"],
  ["theme", "Theme"], ["group", "Affected group"], ["agency", "Lead agency"],
  ["monitor", "Independent monitor"], ["monitor-rating", "Monitor's latest rating"],
];
const FILTER_NAMES = FILTERS.map(([name]) => name);

let pagefind = null;
let results = [];
let shown = 0;
let run = 0; // the latest search: an older one that finishes late is dropped
let drawing = 0; // the search whose next batch of results is being drawn (showMore)
let timer = 0;
let download = null; // the "Download these results" panel (search-download.js)
const boxes = new Map(); // "filter\u0000value" -> its checkbox

function params() {
  const query = new URLSearchParams(window.location.search);
  const chosen = {};
  for (const name of FILTER_NAMES) {
    const values = query.getAll(name).filter(Boolean);
    if (values.length) chosen[name] = values;
  }
  return { q: (query.get("q") || "").trim(), chosen };
}

function chosenFilters() {
  const chosen = {};
  for (const [key, checkbox] of boxes) {
    if (!checkbox.checked) continue;
    const [name, value] = key.split("\u0000");
    (chosen[name] = chosen[name] || []).push(value);
  }
  return chosen;
}

function remember(q, chosen) {
  const query = new URLSearchParams();
  if (q) query.set("q", q);
  for (const name of FILTER_NAMES) for (const value of chosen[name] || []) query.append(name, value);
  const text = query.toString();
  const url = window.location.pathname + (text ? "?" + text : "");
  if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, "", url);
}

function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

// Pagefind's excerpt is HTML: its text with <mark> around the words found. Parsed in an inert
// document and rebuilt from text nodes and <mark> only.
function excerpt(html) {
  const out = make("p", "search-result__excerpt");
  const parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
  for (const node of parsed.firstChild ? parsed.firstChild.childNodes : []) {
    if (node.nodeName === "MARK") out.append(make("mark", "", node.textContent));
    else out.append(document.createTextNode(node.textContent));
  }
  return out;
}

function fold(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// The query as Pagefind gets it: each Māori phrase and word, and each acronym, in quotes, so that
// it matches those words only and never as the start of a longer one (Pagefind matches the last
// word of a query as a prefix, and stems English words).
function prepared(q) {
  let text = ` ${q.normalize("NFC").trim().split(/\s+/).join(" ")} `;
  const quoted = [];
  for (const phrase of MAORI) {
    const at = fold(text).indexOf(` ${phrase} `);
    if (at < 0) continue;
    quoted.push(`"${text.slice(at + 1, at + 1 + phrase.length)}"`);
    text = text.slice(0, at) + " " + text.slice(at + 1 + phrase.length);
  }
  const rest = text.split(/\s+/).filter(Boolean).map((word) => (ACRONYMS.has(fold(word)) ? `"${word}"` : word));
  return [...quoted, ...rest].join(" ");
}

// The synonym groups a query names a word of: the index holds every word of such a group with
// each page holding one, so the search found pages with the other words too. Only the words the
// results themselves say are named (says: the results' count of each, a hidden Pagefind filter).
function widening(q, says) {
  const folded = ` ${fold(q).replace(/[^\p{L}\p{N}-]+/gu, " ")} `;
  const found = [];
  for (const group of TERMS.synonyms) {
    const named = group.filter((w) => folded.includes(` ${fold(w)} `));
    if (named.length) found.push(...group.filter((w) => !named.includes(w) && (says[w] || 0) > 0));
  }
  return found;
}

// Pagefind looks a word up that is in no page by the longest start of it that is, so that a word
// being typed finds pages ("housin" finds "housing"); but so "torture" found every page saying
// "to" and "another" every page saying "an". A quoted search has no such fallback (its words are
// still stemmed and completed): the words and quoted phrases of the query that alone find nothing
// so are those Pagefind stood in for.
async function unfound(query) {
  const parts = query.match(/"[^"]*"|\S+/g) || [];
  if (parts.length === 1 && parts[0].startsWith('"')) return []; // all quoted: no fallback
  const alone = parts.map((part) => part.replace(/"/g, "")).filter((part) => letters(part));
  const found = await Promise.all(alone.map((part) => pagefind.search(`"${part}"`)));
  return alone.filter((part, i) => found[i] && found[i].results.length === 0);
}

function letters(text) {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, "");
}

// Whether a fallback was a word being typed: the best result holds, where Pagefind found it, a
// word each stood-in-for word is the start of. Pagefind finds only pages holding every word, so
// if the best page has none, no page says that word.
async function typed(words, query, found) {
  if (!words.length) return true;
  const results = found.results.length ? found.results : (await pagefind.search(query)).results; // the filters may hide them
  if (!results.length) return true;
  const data = await results[0].data();
  const said = data.locations.map((at) => letters(data.content.split(/\s+/)[at] || ""));
  return words.every((word) => said.some((w) => w.startsWith(letters(word))));
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

const RESPONSE_CLASSES = { "response pending": "pending", "no formal response": "not-applicable" };

function item(data) {
  const li = make("li", "search-result");
  const link = make("a", "search-result__link", (data.meta && data.meta.title) || data.url);
  link.href = data.url;
  li.append(link);
  const facts = make("p", "search-result__facts");
  const filters = data.filters || {};
  for (const response of filters.response || []) {
    const key = RESPONSE_CLASSES[response.toLowerCase()] || slug(response);
    facts.append(make("span", "response response--" + key, response), " ");
  }
  const where = [...(filters.body || []), ...(filters.cycle || [])].join(" · ");
  if (where) facts.append(where);
  li.append(facts, excerpt(data.excerpt || ""));
  return li;
}

// The next batch of results. While it loads, the list is aria-busy and a second "Show more" (a
// double click, a click before the batch is drawn) is ignored: it would draw the same batch twice
// and skip the one after it.
async function showMore(focus) {
  const mine = run;
  if (drawing === mine) return;
  drawing = mine;
  list.setAttribute("aria-busy", "true");
  try {
    const batch = results.slice(shown, shown + PAGE);
    const loaded = await Promise.all(batch.map((result) => result.data()));
    if (mine !== run) return;
    const first = list.children.length;
    for (const data of loaded) list.append(item(data));
    shown += batch.length;
    more.hidden = shown >= results.length;
    more.textContent = `Show ${Math.min(PAGE, results.length - shown)} more of ${results.length - shown} left`;
    if (focus && list.children[first]) list.children[first].querySelector("a").focus();
  } finally {
    if (drawing === mine) {
      drawing = 0;
      list.removeAttribute("aria-busy");
    }
  }
}

function plural(n, one, many) {
  return `${n.toLocaleString("en-NZ")} ${n === 1 ? one : many}`;
}

function updateCounts(counts) {
  for (const [key, checkbox] of boxes) {
    const [name, value] = key.split("\u0000");
    const n = (counts[name] || {})[value] || 0;
    checkbox.nextElementSibling.querySelector(".search-filter__n").textContent = `(${n.toLocaleString("en-NZ")})`;
  }
}

async function search() {
  window.clearTimeout(timer);
  const mine = ++run;
  const q = input.value.trim();
  const chosen = chosenFilters();
  remember(q, chosen);
  const filters = {};
  for (const [name, values] of Object.entries(chosen)) filters[name] = { any: values };
  const any = Object.keys(filters).length > 0;
  if (!q && !any) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "Type words to search for, or tick a filter.";
    widened.hidden = true;
    download.update([], q, chosen);
    return;
  }
  const query = q ? prepared(q) : null;
  const [found, guessed] = await Promise.all([pagefind.search(query, { filters }), query ? unfound(query) : []]);
  if (mine !== run || !found) return;
  const unsaid = !(await typed(guessed, query, found));
  if (mine !== run) return;
  results = unsaid ? [] : found.results;
  const counts = unsaid ? {} : found.filters || {};
  shown = 0;
  list.replaceChildren();
  updateCounts(counts);
  download.update(results, q, chosen);
  const what = q ? ` for “${q}”` : "";
  const narrowed = any && q ? ` (${plural(unsaid ? 0 : found.unfilteredResultCount, "match", "matches")} without the filters)` : "";
  const also = q ? widening(q, counts.says || {}) : [];
  widened.hidden = also.length === 0;
  widened.textContent = also.length ? `The search was widened: it also found recommendations that say ${also.map((w) => `“${w}”`).join(", ")}.` : "";
  status.textContent = results.length
    ? `${plural(results.length, "recommendation", "recommendations")} found${what}${narrowed}.`
    : `No recommendation found${what}${narrowed}.`;
  more.hidden = true;
  await showMore(false);
}

function buildFilters(counts, chosen) {
  for (const [name, label] of FILTERS) {
    const values = Object.keys(counts[name] || {}).sort((a, b) => a.localeCompare(b, "en-NZ"));
    if (!values.length) continue;
    const group = make("details", "search-filter");
    group.lang = "en"; // its labels and values are English, also on the Māori search page
    if (chosen[name]) group.open = true;
    group.append(make("summary", "search-filter__name", label));
    const fieldset = make("fieldset", "search-filter__values");
    fieldset.append(make("legend", "visually-hidden", label));
    values.forEach((value, i) => {
      const id = `filter-${name}-${i}`;
      const checkbox = make("input", "search-filter__checkbox");
      checkbox.type = "checkbox";
      checkbox.id = id;
      checkbox.checked = (chosen[name] || []).includes(value);
      checkbox.addEventListener("change", search);
      const text = make("label", "search-filter__label", value + " ");
      text.htmlFor = id;
      text.append(make("span", "search-filter__n", `(${(counts[name][value] || 0).toLocaleString("en-NZ")})`));
      const row = make("div", "search-filter__value");
      row.append(checkbox, text);
      fieldset.append(row);
      boxes.set(name + "\u0000" + value, checkbox);
    });
    group.append(fieldset);
    filterArea.append(group);
  }
}

async function start() {
  const root = new URL(form.dataset.root || "./", window.location.href);
  status.textContent = "Loading the search index…";
  box.hidden = false;
  pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  // An index of few pages is searched on the page's thread (its worker script is 41 KB more of the first
  // search's 300 KB budget); one of many, which would hold the page for seconds, in Pagefind's worker
  // (data-worker: outputs/search.py, WORKER_FROM).
  const noWorker = !("worker" in form.dataset);
  await pagefind.options({ baseUrl: root.pathname, excerptLength: 30, noWorker });
  for (const bundle of (form.dataset.bundles || "").split(" ").filter(Boolean)) {
    await pagefind.mergeIndex(new URL(bundle, root).pathname, { baseUrl: root.pathname, noWorker });
  }
  const { q, chosen } = params();
  input.value = q;
  buildFilters(await pagefind.filters(), chosen);
  download = downloads(root);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 300);
  });
  more.addEventListener("click", () => showMore(true));
  await search();
}

start().catch((error) => {
  status.textContent = "Search could not start. Browse by body, theme or group instead, or download the data.";
  console.error(error);
});
