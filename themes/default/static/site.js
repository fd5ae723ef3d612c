/* Large-text mode (适老化) that persists, and the print button. The page works fully
   without this file: the buttons it controls stay hidden until it runs. */
(function () {
  "use strict";
  var KEY = "jixiao-large-text";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function store(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  // Applied before the body is parsed, so the page never flashes at the small size.
  if (stored()) { root.classList.add("large-text"); }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector("[data-text-size]");
    if (toggle) {
      toggle.hidden = false;
      toggle.setAttribute("aria-pressed", String(root.classList.contains("large-text")));
      toggle.addEventListener("click", function () {
        var on = !root.classList.contains("large-text");
        root.classList.toggle("large-text", on);
        toggle.setAttribute("aria-pressed", String(on));
        store(on);
      });
    }
    var printers = document.querySelectorAll("[data-print]");
    for (var i = 0; i < printers.length; i++) {
      printers[i].hidden = false;
      printers[i].addEventListener("click", function () { window.print(); });
    }
  });
})();
