// Browse filters on a hub page (hub.html): narrow its list of recommendations by review, year,
// response, recommending state, regional group and lead agency, read from each item's data- attributes
// (_recommendation_list.html). Each choice shows how many recommendations it leaves, given the
// other choices; the choices live in the address (?year=2014&response=noted), so a narrowed page
// can be linked to. Without JavaScript the whole list shows. Values are put on the page as text.
const list = document.querySelector("[data-browse]");
const DIMENSIONS = [
  ["review", "Review"], ["year", "Year"], ["response", "Response"],
  ["state", "Recommending state"], ["region", "Regional group"], ["lead", "Lead agency"],
];
const RESPONSE_LABELS = {
  supported: "Supported", "supported-in-part": "Supported in part", noted: "Noted",
  pending: "Response pending", "not-applicable": "No formal response",
};

function valuesOf(item, name) {
  const raw = item.dataset[name] || "";
  return raw ? raw.split("|") : [];
}

function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function matches(item, chosen, except) {
  return Object.entries(chosen).every(([name, value]) => name === except || !value || valuesOf(item, name).includes(value));
}

function label(name, value) {
  return name === "response" ? RESPONSE_LABELS[value] || value : value;
}

function ordered(name, values) {
  const sorted = [...values].sort((a, b) => a.localeCompare(b, "en-NZ", { numeric: true }));
  return name === "year" ? sorted.reverse() : name === "response" ? Object.keys(RESPONSE_LABELS).filter((k) => values.has(k)) : sorted;
}

function start() {
  if (!list) return;
  const items = [...list.querySelectorAll(".rec-list__item")];
  const query = new URLSearchParams(window.location.search);
  const chosen = {};
  const form = make("form", "browse");
  form.setAttribute("aria-labelledby", "browse-title");
  form.lang = "en"; // its words are English (not yet in the catalogue): screen readers on a Māori page switch voice
  form.append(make("h2", "browse__title", "Narrow this list"));
  form.firstChild.id = "browse-title";
  const selects = {};
  for (const [name, text] of DIMENSIONS) {
    const values = new Set(items.flatMap((item) => valuesOf(item, name)));
    const wanted = query.get(name) || "";
    if (values.size < 2 && !wanted) continue;
    chosen[name] = values.has(wanted) ? wanted : "";
    const field = make("div", "browse__field");
    const select = make("select", "browse__select");
    select.id = `browse-${name}`;
    select.name = name;
    const caption = make("label", "browse__label", text);
    caption.htmlFor = select.id;
    for (const value of ["", ...ordered(name, values)]) {
      const option = make("option", "", value ? label(name, value) : "All");
      option.value = value;
      select.append(option);
    }
    select.value = chosen[name];
    select.addEventListener("change", () => {
      chosen[name] = select.value;
      apply(items, chosen, selects, status);
    });
    field.append(caption, select);
    form.append(field);
    selects[name] = select;
  }
  if (!Object.keys(selects).length) return;
  const clear = make("button", "browse__clear", "Show all");
  clear.type = "reset";
  form.append(clear);
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    for (const name of Object.keys(chosen)) chosen[name] = selects[name].value = "";
    apply(items, chosen, selects, status);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  const status = make("p", "browse__status");
  status.setAttribute("role", "status");
  status.lang = "en";
  list.before(form, status);
  apply(items, chosen, selects, status);
}

function apply(items, chosen, selects, status) {
  let shown = 0;
  for (const item of items) {
    item.hidden = !matches(item, chosen);
    if (!item.hidden) shown += 1;
  }
  for (const section of list.querySelectorAll(".rec-section")) {
    const visible = section.querySelectorAll(".rec-list__item:not([hidden])").length;
    section.hidden = visible === 0;
    const count = section.querySelector(".count");
    if (count) count.textContent = `(${visible})`;
  }
  for (const [name, select] of Object.entries(selects)) {
    const counts = {};
    let all = 0;
    for (const item of items) {
      if (!matches(item, chosen, name)) continue;
      all += 1;
      for (const value of valuesOf(item, name)) counts[value] = (counts[value] || 0) + 1;
    }
    for (const option of select.options) {
      const n = option.value ? counts[option.value] || 0 : all;
      option.textContent = `${option.value ? label(name, option.value) : "All"} (${n.toLocaleString("en-NZ")})`;
    }
  }
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(chosen)) if (value) query.set(name, value);
  const text = query.toString();
  window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
  status.textContent = `Showing ${shown.toLocaleString("en-NZ")} of ${items.length.toLocaleString("en-NZ")} recommendations.`;
}

start();
