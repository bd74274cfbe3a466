// "Cite this" on a recommendation page (_cite.html): a copy button for each citation format and a
// download of it as a file a reference manager imports. Buttons are real <button>s, so Tab and
// Enter or Space use them; the outcome is announced in the section's status line.
const status = document.getElementById("cite-status");

function say(text) {
  if (status) status.textContent = text;
}

async function copy(source, label) {
  const text = source.textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API (a page served over plain HTTP from another host): select the text and copy it.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (!document.execCommand("copy")) {
      say(`Select ${label} and copy it with Ctrl+C (Cmd+C on a Mac).`);
      return;
    }
  }
  say(`Copied ${label}.`);
}

function download(source, name, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([source.textContent], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  say(`Downloaded ${name}.`);
}

function button(text, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "cite__button";
  element.textContent = text;
  element.addEventListener("click", action);
  return element;
}

for (const place of document.querySelectorAll(".cite__actions[data-copy]")) {
  const source = document.getElementById(place.dataset.copy);
  if (!source) continue;
  const label = place.dataset.label;
  place.append(button(`Copy ${label}`, () => copy(source, label)));
  if (place.dataset.file) {
    place.append(" ", button(`Download ${place.dataset.file}`, () => download(source, place.dataset.file, place.dataset.type)));
  }
}
