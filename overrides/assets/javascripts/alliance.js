/* Alliance reader scripts. Loaded before Material's bundle; no request leaves the site. */
(function () {
  "use strict";

  /* Search index on demand: Material requests search/search_index.json as soon as a page loads
     (13 MB at 1,000 articles). Hold that request until the reader opens or focuses search, then
     send it: search works as before, and readers who never search never download the index. */
  var held = [];
  var released = false;
  var send = XMLHttpRequest.prototype.send;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__allianceIndex = /search\/search_index\.json(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__allianceIndex && !released) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };
  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (entry) { send.apply(entry[0], entry[1]); });
  }
  function wantsSearch(event) {
    var target = event.target;
    if (!target || !target.closest) return false;
    return Boolean(target.closest(".md-search, label[for='__search'], [data-alliance-toggle='__search'], " +
                                  "[data-md-toggle='search']"));
  }
  document.addEventListener("focusin", function (event) { if (wantsSearch(event)) release(); }, true);
  document.addEventListener("click", function (event) { if (wantsSearch(event)) release(); }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  }, true);
  document.addEventListener("keydown", function (event) {
    /* Material's search shortcuts: "/", "s" and "f" open search. */
    if (["/", "s", "f", "S", "F"].indexOf(event.key) !== -1) release();
  }, true);

  /* The scheme toggle is a hidden radio button behind an icon: Material switches it on Enter only,
     while readers expect Space to press a toggle too. Space presses the visible icon instead. */
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== " " || !input || !input.matches) return;
    if (!input.matches("[data-md-component='palette'] .md-option")) return;
    var icon = input.nextElementSibling;
    if (!icon || icon.tagName !== "LABEL" || icon.hidden) return;
    event.preventDefault();
    icon.click();
  }, true);

  /* Printing keeps every FAQ answer: browsers without ::details-content in print CSS still fold a
     closed <details>, so open them for the print and fold them again afterwards. */
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(
      document.querySelectorAll(".md-typeset details:not([open])"),
      function (details) { details.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.splice(0).forEach(function (details) { details.open = false; });
  });

  /* Crisis help for readers elsewhere: every region's helplines are in the page; show the one chosen. */
  function setUpRegionChoice() {
    var select = document.querySelector("[data-alliance-region]");
    var label = document.querySelector("[data-alliance-region-label]");
    if (!select) return;
    select.hidden = false;
    if (label) label.hidden = false;
    select.addEventListener("change", function () {
      var regions = document.querySelectorAll(".alliance-crisis .alliance-helplines");
      Array.prototype.forEach.call(regions, function (region) {
        region.hidden = region.getAttribute("data-region") !== select.value;
      });
    });
  }

  /* The header's menu and search buttons (overrides/partials/header.html) are real <button>s: each
     presses Material's hidden toggle checkbox, which fires the change event Material listens for. */
  function setUpHeaderToggles() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-alliance-toggle]"), function (button) {
      button.addEventListener("click", function () {
        var toggle = document.getElementById(button.getAttribute("data-alliance-toggle"));
        if (!toggle) return;
        toggle.click();
        /* An opened search takes the typing at once, as after Material's "/" shortcut. */
        var query = document.querySelector(".md-search__input");
        if (toggle.id === "__search" && toggle.checked && query) query.focus();
      });
    });
  }

  function setUp() {
    setUpRegionChoice();
    setUpHeaderToggles();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
