// Pickers: a text field marked data-suggest="/api/v1/partners?…" offers the
// organisations whose names match what was typed, as the options of its
// datalist. The suggestions come from the directory's search, which shows
// each user only the organisations it may see. Without this file the
// field still takes part of a name, which the server resolves.
(function () {
  "use strict";

  function attach(input) {
    if (input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || q === asked) return;
      timer = setTimeout(function () {
        asked = q;
        var url = input.dataset.suggest + (input.dataset.suggest.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (res) { return res.ok ? res.json() : { items: [] }; })
          .then(function (data) {
            if (q !== input.value.trim()) return; // typed on meanwhile
            list.replaceChildren();
            (data.items || []).forEach(function (hit) {
              var o = document.createElement("option");
              o.value = hit.legal_name;
              var where = [hit.city, hit.country].filter(Boolean).join(", ");
              if (where) o.label = where;
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }

  // A filter box over a list of checkboxes: labels without the typed text
  // hide; checked ones always stay.
  function filter(input) {
    var list = document.getElementById(input.dataset.filter);
    if (!list || input.dataset.filterReady) return;
    input.dataset.filterReady = "1";
    input.hidden = false;
    var fold = function (s) { return s.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      list.querySelectorAll("label").forEach(function (label) {
        var box = label.querySelector("input");
        label.hidden = q !== "" && !(box && box.checked) && fold(label.textContent).indexOf(q) < 0;
      });
    });
    // Enter in the box must not send the whole form.
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  }

  function scan(root) {
    (root || document).querySelectorAll("input[data-suggest]").forEach(attach);
    (root || document).querySelectorAll("input[data-filter]").forEach(filter);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(); });
  } else {
    scan();
  }
  document.addEventListener("htmx:afterSwap", function (e) { scan(e.target); });
})();
