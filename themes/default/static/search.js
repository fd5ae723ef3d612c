/* Starts the Pagefind UI on the search page (kept out of the HTML: the CSP forbids inline
   scripts). Pagefind finds its bundle and the site's base from this script's own URL, so
   the search works from any sub-path. A ?q= query (from a search form) is run at once. */
(function () {
  "use strict";
  window.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector("[data-search]");
    if (!element || typeof window.PagefindUI !== "function") { return; }
    var ui = new window.PagefindUI({
      element: element,
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
    // Pagefind's input is labelled only by its title: give it a visible <label>.
    var input = element.querySelector("input[type=text]");
    if (input) {
      input.id = "search-input";
      var label = document.createElement("label");
      label.htmlFor = "search-input";
      label.className = "search-label";
      label.textContent = "检索词";
      element.insertBefore(label, element.firstChild);
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { ui.triggerSearch(query); }
  });
})();
