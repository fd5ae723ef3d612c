/* Starts the Pagefind UI on the search page (kept out of the HTML: the CSP forbids inline
   scripts). Pagefind finds its bundle and the site's base from this script's own URL, so
   the search works from any sub-path. A large site's index comes in several bundles
   (data-search-merge lists the others, relative to the first): they are merged here and
   searched as one. A ?q= query (from a search form) is run at once. */
(function () {
  "use strict";

  // The path (not the full address: result links stay site-absolute paths) and the
  // language of each merged bundle. Without the language, Pagefind's worker would search a
  // merged bundle with other word splitting than the first, and find other pages.
  function mergedBundles(element) {
    var names = (element.getAttribute("data-search-merge") || "").split(" ");
    var script = document.querySelector("script[src$='pagefind/pagefind-ui.js']");
    if (!script) { return []; }
    var language = document.documentElement.lang.toLowerCase();
    return names.filter(Boolean).map(function (name) {
      return { bundlePath: new URL(name, script.src).pathname, language: language };
    });
  }

  // Pagefind joins a heading or a table cell to the text after it with ". ", which reads
  // as a stray mark in Chinese ("服务对象满意度. 10", or an excerpt starting with ". "):
  // after a Chinese character it becomes an ideographic space, at the start it goes.
  var JOINED = /([\u3001-\u303f\u3400-\u9fff\uff00-\uffef])((?:<\/mark>)?)\. /g;
  function tidy(excerpt) {
    return (excerpt || "").replace(/^[.,;:、，。；：\s]+/, "").replace(JOINED, "$1$2\u3000");
  }
  function tidyResult(result) {
    result.excerpt = tidy(result.excerpt);
    (result.sub_results || []).forEach(function (sub) { sub.excerpt = tidy(sub.excerpt); });
    return result;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector("[data-search]");
    if (!element || typeof window.PagefindUI !== "function") { return; }
    var ui = new window.PagefindUI({
      element: element,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      mergeIndex: mergedBundles(element),
      processResult: tidyResult
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
