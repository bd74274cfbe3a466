// The Te Tiriti view (te_tiriti.html): one collapsible section (<details>) per ask. A link to an
// ask, from the index above them or from another page, opens its section and shows it.
function openAsk() {
  const target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  const section = target && target.closest("details");
  if (!section) return;
  section.open = true;
  target.scrollIntoView();
}

window.addEventListener("hashchange", openAsk);
openAsk();
