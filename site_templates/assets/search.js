// Starts Pagefind's search UI and runs the query given as ?q= (from the header search box).
(function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: false,
    baseUrl: new URL(element.dataset.baseUrl || "./", window.location.href).pathname });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
