// The preview's live reload (build.py serve adds it to the pages it serves; the published site
// never carries it). The server sends "reload" to the pages that changed, "problem" with the
// failed rebuild's file:line message, and "fixed" once a later rebuild succeeds.
(function () {
  "use strict";
  var events = new EventSource("/_preview/events?path=" + encodeURIComponent(location.pathname));
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("problem", function (event) {
    var banner = document.getElementById("preview-problem");
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "preview-problem";
      banner.setAttribute("role", "alert");
      var lead = document.createElement("p");
      lead.textContent = "The last change was not built:";
      banner.appendChild(lead);
      banner.appendChild(document.createElement("pre"));
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.querySelector("pre").textContent = event.data;
  });
  events.addEventListener("fixed", function () {
    var banner = document.getElementById("preview-problem");
    if (banner) banner.remove();
  });
})();
