// Only improves the page: without it every form and link works the same.
// - ticking a facet applies it at once and in place: the new hits and counts replace the
//   old ones, the URL changes (so it can be shared, and Back undoes the tick), the new
//   count is said in a live region and focus stays on the box (WCAG 3.2.2); where the
//   page cannot be fetched, the form is sent as without JavaScript;
// - on a narrow screen the filter panel starts folded so the hits come first, stays open
//   while boxes are ticked, and «Vis N treff» folds it and moves to the hits.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var inPlace = Boolean(window.fetch && window.DOMParser && window.AbortController &&
                        window.URLSearchParams && window.history && history.pushState);
  var pending = null;
  var shown = location.pathname + location.search;

  function isFacetBox(element) {
    return Boolean(element && element.matches &&
                   element.matches(".facet input[type=checkbox]") && element.form);
  }

  // The URL the search form would be sent to, without empty parameters.
  function formUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "") params.append(name, value);
    });
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  function focusHeading() {
    var heading = document.getElementById("results-heading");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  // Focus the box that stands for the same facet value, opening its «Vis alle» list when
  // it is folded in there; the hits' heading when the value is gone.
  function restoreFocus(wanted) {
    if (!wanted) return;
    var boxes = document.querySelectorAll(".facet input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].name === wanted.name && boxes[i].value === wanted.value) {
        var more = boxes[i].closest(".facet-more");
        if (more) more.open = true;
        boxes[i].focus();
        return;
      }
    }
    focusHeading();
  }

  // Say the shown heading ("14 treff for «tillit»") in the live region; emptied first so
  // that the same words are said again.
  function announce() {
    var status = document.getElementById("treff-status");
    var heading = document.getElementById("results-heading");
    if (!status || !heading) return;
    var text = heading.textContent.replace(/\s+/g, " ").trim();
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  // Put the fetched page's filters and hits in place of the shown ones, keeping the
  // panel itself (open or folded) and the «Vis alle» lists that were open. False when
  // the fetched page is not a search page.
  function swap(page) {
    var oldLayout = document.querySelector(".search-layout");
    var newLayout = page.querySelector(".search-layout");
    if (!oldLayout || !newLayout) return false;
    var oldPanel = document.getElementById("filtre");
    var newPanel = page.getElementById("filtre");
    var oldResults = document.getElementById("treff");
    var newResults = page.getElementById("treff");
    if (oldPanel && newPanel && oldResults && newResults) {
      var opened = [];
      oldPanel.querySelectorAll(".facet-more[open]").forEach(function (more) {
        opened.push(more.closest(".facet").id);
      });
      oldPanel.querySelector("summary").innerHTML = newPanel.querySelector("summary").innerHTML;
      oldPanel.querySelector(".filters-body").replaceWith(
        document.adoptNode(newPanel.querySelector(".filters-body")));
      opened.forEach(function (id) {
        var more = document.querySelector("#" + id + " .facet-more");
        if (more) more.open = true;
      });
      oldResults.replaceWith(document.adoptNode(newResults));
      oldLayout.className = newLayout.className;
    } else {
      oldLayout.replaceWith(document.adoptNode(newLayout));
    }
    document.title = page.title;
    ["application/json", "text/csv"].forEach(function (type) {
      var selector = 'link[rel=alternate][type="' + type + '"]';
      var oldLink = document.head.querySelector(selector);
      var newLink = page.head.querySelector(selector);
      if (oldLink && newLink) oldLink.setAttribute("href", newLink.getAttribute("href"));
    });
    return true;
  }

  // Fetch the search page at url and show it in place; push it on the history when asked.
  function show(url, push, focus) {
    if (pending) pending.abort();
    var controller = new AbortController();
    pending = controller;
    var results = document.getElementById("treff");
    if (results) results.setAttribute("aria-busy", "true");
    fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (pending !== controller) return;
        pending = null;
        var page = new DOMParser().parseFromString(html, "text/html");
        if (!swap(page)) { location.assign(url); return; }
        if (push) history.pushState({ kbSearch: true }, "", url);
        shown = location.pathname + location.search;
        announce();
        restoreFocus(focus);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        location.assign(url);
      });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!isFacetBox(box)) return;
    if (!inPlace) {
      if (box.form.requestSubmit) box.form.requestSubmit(); else box.form.submit();
      return;
    }
    show(formUrl(box.form), true, { name: box.name, value: box.value });
  });

  // Back and Forward between ticks show that state again (a jump within the page does not).
  window.addEventListener("popstate", function () {
    if (!inPlace || location.pathname + location.search === shown) return;
    var active = document.activeElement;
    show(location.href, false, isFacetBox(active) ? { name: active.name, value: active.value } : null);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".filters .to-results") : null;
    var panel = document.getElementById("filtre");
    if (!link || !panel || !document.getElementById("results-heading")) return;
    event.preventDefault();
    panel.open = false;
    focusHeading();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("filtre");
    if (panel && window.matchMedia("(max-width: 47.99em)").matches) panel.open = false;
  });
})();
