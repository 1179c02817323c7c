// The navigation on a phone: folded behind a menu button, which this file
// shows and works; without it the navigation simply stays open.
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var nav = document.getElementById("main-nav");
  if (!button || !nav) return;
  document.documentElement.classList.add("menu-ready");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && nav.classList.contains("open")) {
      button.setAttribute("aria-expanded", "false");
      nav.classList.remove("open");
      button.focus();
    }
  });
})();

// The navigation's groups: one open at a time; a click elsewhere or
// Escape folds an open one (without this file they fold by their name).
(function () {
  "use strict";
  var groups = document.querySelectorAll("#main-nav details.group");
  if (!groups.length) return;
  function fold(except) {
    groups.forEach(function (g) { if (g !== except) g.open = false; });
  }
  groups.forEach(function (g) {
    g.addEventListener("toggle", function () { if (g.open) fold(g); });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest("#main-nav details.group")) fold(null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var open = document.querySelector("#main-nav details.group[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
