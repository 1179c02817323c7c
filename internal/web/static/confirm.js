// The question before an irreversible action, as a dialog: a form marked
// data-confirm asks the server its question (the same post without
// confirmed=1, which changes nothing; see web.Confirming) and shows it in a
// modal dialog whose button posts the form with confirmed=1. Escape or
// Cancel closes it and nothing changes. Without this file the server
// answers the question as a page.
(function () {
  "use strict";

  // The dialog: the form marked data-confirm asks the server its question
  // (the same post without confirmed=1, which changes nothing) and shows it.
  function dialog() {
    var d = document.getElementById("confirm-dialog");
    if (d) return d;
    d = document.createElement("dialog");
    d.id = "confirm-dialog";
    d.className = "confirm-dialog";
    d.setAttribute("aria-labelledby", "confirm-title");
    document.body.appendChild(d);
    d.addEventListener("close", function () {
      var back = d.returnFocus;
      d.returnFocus = null;
      d.replaceChildren();
      if (back && back.isConnected) back.focus();
    });
    return d;
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-confirm]")) return;
    var submitter = e.submitter || form.querySelector("button, [type=submit]");
    var body = new URLSearchParams(new FormData(form, submitter || undefined));
    // data-confirm="field=a|b" asks only when the field holds a or b.
    var when = form.getAttribute("data-confirm");
    if (when) {
      var cond = when.split("=");
      if (cond[1].split("|").indexOf(body.get(cond[0])) < 0) return;
    }
    e.preventDefault();
    body.delete("confirmed");
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        return res.text().then(function (html) { return { res: res, html: html }; });
      })
      .then(function (x) {
        var doc = new DOMParser().parseFromString(x.html, "text/html");
        var question = doc.querySelector("section.confirm");
        if (!question) {
          // No question: the action was refused (the post changed
          // nothing), so it is sent the plain way and the browser shows
          // the refusal as the server answers it.
          if (x.res.redirected) { location.assign(x.res.url); return; }
          form.removeAttribute("data-confirm");
          form.requestSubmit(submitter);
          return;
        }
        var d = dialog();
        var title = question.querySelector("h1");
        var h2 = document.createElement("h2");
        h2.id = title.id;
        h2.textContent = title.textContent;
        title.replaceWith(h2);
        d.replaceChildren(document.importNode(question, true));
        d.returnFocus = submitter;
        var cancel = d.querySelector(".cancel");
        cancel.addEventListener("click", function (ev) { ev.preventDefault(); d.close(); });
        d.showModal();
        cancel.focus();
      })
      .catch(function () { form.removeAttribute("data-confirm"); form.requestSubmit(submitter); });
  });
})();
