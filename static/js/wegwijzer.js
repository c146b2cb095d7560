// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // After HTMX swaps in the next step, move focus to its heading so keyboard and
  // screen-reader users land on (and hear) the new content.
  document.addEventListener("htmx:afterSettle", function (event) {
    var heading = event.detail.elt && event.detail.elt.querySelector ? event.detail.elt.querySelector("[data-focus]") : null;
    heading = heading || document.querySelector("#flow [data-focus]");
    if (heading) { heading.focus(); }
  });
  // Print buttons are hidden until JavaScript can make them work.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { window.print(); }
  });
  document.documentElement.classList.add("js");
})();
