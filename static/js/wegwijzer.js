// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // After HTMX swaps in the next step, move focus to its heading so keyboard and
  // screen-reader users land on (and hear) the new content.
  // A choice on the contacts page (data-refine) keeps focus on that choice instead: htmx puts it
  // back on the element with the same id in the new content. Once the choices fold away (age and
  // theme chosen), focus moves to the first group of contacts.
  document.addEventListener("htmx:afterSettle", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.hasAttribute && source.hasAttribute("data-refine")) {
      var active = document.activeElement;
      if (!active || active === document.body || !active.getClientRects().length) {
        var results = document.querySelector("#flow [data-results]");
        if (results) { results.focus(); }
      }
      return;
    }
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
