// Tooltips for the links of a chart: hovering over or focusing a link with
// an aria-label inside an element marked data-tooltips shows the label
// next to the link; leaving it or Escape hides it.
(() => {
  const roots = document.querySelectorAll("[data-tooltips]");
  if (roots.length === 0) return;
  const tip = document.createElement("div");
  tip.className = "tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.append(tip);
  const show = (event) => {
    const a = event.target.closest("a[aria-label]");
    if (!a) return;
    tip.textContent = a.getAttribute("aria-label");
    tip.hidden = false;
    const r = a.getBoundingClientRect();
    const page = document.documentElement.clientWidth;
    const left = Math.min(Math.max(8, r.left + r.width / 2 - tip.offsetWidth / 2), page - tip.offsetWidth - 8);
    const above = r.top - tip.offsetHeight - 6;
    tip.style.left = window.scrollX + left + "px";
    tip.style.top = window.scrollY + (above > 0 ? above : r.bottom + 6) + "px";
  };
  const hide = () => { tip.hidden = true; };
  for (const root of roots) {
    root.addEventListener("mouseover", show);
    root.addEventListener("focusin", show);
    root.addEventListener("mouseout", hide);
    root.addEventListener("focusout", hide);
  }
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
})();
