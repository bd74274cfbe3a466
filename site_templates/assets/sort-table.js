// Sortable tables (pivot.html: table[data-sortable]): each column heading becomes a button that
// sorts the body's rows by that column, numbers as numbers and names in New Zealand English order;
// a second press reverses the order. The heading's aria-sort says the current order to screen
// readers. The totals row (tfoot) stays last. Without JavaScript the table reads in its own order.
function key(row, column, numeric) {
  const text = row.children[column].textContent.trim();
  return numeric ? Number(text.replace(/[^0-9.-]/g, "")) || 0 : text;
}

function sortBy(table, column, direction) {
  const body = table.tBodies[0];
  const numeric = table.tHead.rows[0].cells[column].classList.contains("num");
  const names = new Intl.Collator("en-NZ", { numeric: true, sensitivity: "base" });
  const rows = [...body.rows].map((row, index) => ({ row, index, value: key(row, column, numeric) }));
  rows.sort((a, b) => {
    const order = numeric ? a.value - b.value : names.compare(a.value, b.value);
    return (direction === "ascending" ? order : -order) || a.index - b.index;
  });
  body.append(...rows.map((r) => r.row));
}

function enhance(table) {
  const headings = [...table.tHead.rows[0].cells];
  headings.forEach((heading, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.append(...heading.childNodes);
    heading.append(button);
    button.addEventListener("click", () => {
      const numeric = heading.classList.contains("num");
      const current = heading.getAttribute("aria-sort");
      const direction = current ? (current === "ascending" ? "descending" : "ascending") : numeric ? "descending" : "ascending";
      headings.forEach((h) => h.removeAttribute("aria-sort"));
      heading.setAttribute("aria-sort", direction);
      sortBy(table, column, direction);
    });
  });
}

for (const table of document.querySelectorAll("table[data-sortable]")) enhance(table);
for (const hint of document.querySelectorAll(".pivot-sort-hint")) hint.hidden = false;
