// Only improves the page: without it every form and link works the same.
// - ticking a facet applies it at once (no need to press "Bruk filtre");
// - on a narrow screen the filter panel starts folded so the hits come first.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".facet input[type=checkbox]") || !box.form) return;
    if (box.form.requestSubmit) box.form.requestSubmit(); else box.form.submit();
  });
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("filtre");
    if (panel && window.matchMedia("(max-width: 47.99em)").matches) panel.open = false;
  });
})();
