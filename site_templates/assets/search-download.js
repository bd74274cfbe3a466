// "Download these results" on the search page: exactly the recommendations the search found, as CSV
// or JSON, made in the browser from files the site already publishes: the whole package's
// recommendations.json (the records) and datapackage.json (the columns, their order and list
// delimiters), so the CSV has the package's columns and lines byte for byte. The address that
// reproduces the search goes with the JSON and is shown beside the buttons. Used by search.js.
const BOM = "\ufeff";

let records = null; // the package's recommendations and columns, fetched once, on the first download

async function loadPackage(root) {
  if (!records) {
    records = Promise.all([
      fetch(new URL("data/package/recommendations.json", root)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText)))),
      fetch(new URL("data/package/datapackage.json", root)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText)))),
    ]).then(([rows, descriptor]) => {
      const resource = descriptor.resources.find((r) => r.name === "recommendations");
      return { rows, fields: resource.schema.fields };
    });
    records.catch(() => { records = null; });
  }
  return records;
}

// One CSV cell as Python's csv module writes it (QUOTE_MINIMAL), which wrote the package's CSV.
function cell(value, field) {
  let text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(field.delimiter || "|") : String(value);
  if (/[",\r\n]/.test(text)) text = '"' + text.replace(/"/g, '""') + '"';
  return text;
}

export function toCsv(rows, fields) {
  const lines = [fields.map((f) => cell(f.name, {})).join(",")];
  for (const row of rows) lines.push(fields.map((f) => cell(row[f.name], f)).join(","));
  return BOM + lines.map((line) => line + "\r\n").join("");
}

// The recommendation ids of Pagefind results: the last folder of each page's address, read from
// each result's data (loaded in batches, so a large result set does not open thousands of requests at once).
async function idsOf(results, progress) {
  const ids = [];
  for (let i = 0; i < results.length; i += 50) {
    const batch = await Promise.all(results.slice(i, i + 50).map((result) => result.data()));
    for (const data of batch) ids.push(data.url.replace(/\/(index\.html)?$/, "").split("/").pop());
    progress(Math.min(i + 50, results.length));
  }
  return ids;
}

function save(name, text, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function fileName(q, chosen) {
  const words = [q, ...Object.values(chosen).flat()].join(" ").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const slug = words.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  return "recommendations" + (slug ? "-" + slug : "");
}

// The panel (#search-download): hidden until a search finds something; update() after every search.
export function downloads(root) {
  const panel = document.getElementById("search-download");
  const status = document.getElementById("search-download-status");
  const address = document.getElementById("search-download-url");
  let current = { results: [], q: "", chosen: {} };

  async function run(format) {
    const { results, q, chosen } = current;
    const buttons = panel.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      status.textContent = `Preparing ${results.length.toLocaleString("en-NZ")} recommendations…`;
      const [ids, pkg] = await Promise.all([
        idsOf(results, (n) => { status.textContent = `Preparing ${n.toLocaleString("en-NZ")} of ${results.length.toLocaleString("en-NZ")} recommendations…`; }),
        loadPackage(root),
      ]);
      const wanted = new Set(ids);
      const rows = pkg.rows.filter((row) => wanted.has(row.id)); // the package's order
      const name = fileName(q, chosen);
      if (format === "csv") {
        save(name + ".csv", toCsv(rows, pkg.fields), "text/csv;charset=utf-8");
      } else {
        const data = { search: window.location.href, query: q, filters: chosen, count: rows.length, recommendations: rows };
        save(name + ".json", JSON.stringify(data, null, 1) + "\n", "application/json");
      }
      status.textContent = `Downloaded ${name}.${format}: ${rows.length.toLocaleString("en-NZ")} recommendations.`;
    } catch (error) {
      status.textContent = "The download could not be made. The whole dataset is on the downloads page.";
      console.error(error);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  for (const button of panel.querySelectorAll("button[data-format]")) {
    button.addEventListener("click", () => run(button.dataset.format));
  }
  return {
    update(results, q, chosen) {
      current = { results, q, chosen };
      panel.hidden = results.length === 0;
      address.textContent = window.location.href;
      address.href = window.location.href;
      status.textContent = "";
    },
  };
}
