// Forms: the focus on the summary of a refused form, and the summary's
// links to its fields. Without this file the summary is still a list of
// links to the fields.
(function () {
  "use strict";

  // A refused form's summary takes the focus, so that a screen reader reads
  // it and a keyboard user starts from it; its links move the focus to the
  // field (by id, or by name in the refused form).
  function focusSummary(root) {
    var summary = (root || document).querySelector("#error-summary");
    if (!summary) return;
    summary.querySelectorAll("a[data-field]").forEach(function (a) {
      var field = fieldOf(a.getAttribute("data-field"));
      if (!field) return;
      var label = field.id && document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
      if (label && !a.dataset.labelled) {
        a.dataset.labelled = "1";
        a.textContent = label.textContent.trim() + ": " + a.textContent;
      }
      if (field.id) a.setAttribute("href", "#" + field.id);
    });
    summary.focus();
  }

  function fieldOf(name) {
    var byID = document.getElementById(name);
    if (byID && byID.matches("input, select, textarea, button, fieldset")) return byID;
    var byName = document.getElementsByName(name);
    for (var i = 0; i < byName.length; i++) {
      if (byName[i].type !== "hidden") return byName[i];
    }
    return byID;
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("#error-summary a[data-field]");
    if (!a) return;
    var field = fieldOf(a.getAttribute("data-field"));
    if (!field) return;
    e.preventDefault();
    if (field.matches("fieldset")) field = field.querySelector("input, select, textarea") || field;
    field.focus();
    field.scrollIntoView({ block: "center" });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(); });
  } else {
    focusSummary();
  }
  // A form refused in an htmx swap brings its summary with it.
  document.addEventListener("htmx:afterSwap", function (e) { focusSummary(e.target); });
})();
