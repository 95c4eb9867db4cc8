// Figures and formulas on narrow screens.
//
// Figures: docs/_ext/figure_width.py gives every notebook figure the width
// it was drawn for; the theme shrinks a wider figure to the column. A figure in a <picture>
// (docs/_ext/phone_figures.py) has a second layout drawn for a phone, which the browser shows
// on narrow screens at the width its <source> gives. Shrinking a figure further would make its
// text unreadably small, so a figure shrinks to at most MIN_SCALE of its drawn size; a
// figure still wider than the column then scrolls sideways in its own box, which says so.
"use strict";

(() => {
  const MIN_SCALE = 0.68;
  const HINT = "Scroll sideways to see the whole figure";

  // The width the figure shown now was drawn for: its <source>'s when the browser picked one.
  function drawnWidth(img) {
    const picture = img.parentElement.matches("picture") ? img.parentElement : null;
    const sources = picture ? [...picture.querySelectorAll("source[media]")] : [];
    const source = sources.find((s) => window.matchMedia(s.media).matches);
    if (source) return parseFloat(source.getAttribute("width"));
    return parseFloat(img.style.width) || parseFloat(img.getAttribute("width"));
  }

  function prepare(img) {
    if (img.closest(".figure-scroller")) return img.closest(".figure-scroller");
    // Sphinx links a figure to its image file: wrap the link, so the hint is not part of it;
    // and a <picture> holds its image and the phone layout's <source>: wrap the whole.
    const parent = img.parentElement;
    const target = parent.matches("a.image-reference, picture") ? parent : img;
    const box = document.createElement("div");
    box.className = "figure-scroller";
    target.replaceWith(box);
    box.append(target);
    const hint = document.createElement("p");
    hint.className = "figure-scroll-hint";
    hint.textContent = `${HINT} →`;
    hint.hidden = true;
    box.after(hint);
    return box;
  }

  function update() {
    for (const img of document.querySelectorAll("img.sized-figure")) {
      const box = prepare(img);
      const drawn = drawnWidth(img);
      if (drawn) img.style.minWidth = `${Math.round(MIN_SCALE * drawn)}px`;
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("figure-scrolls", scrolls);
      box.nextElementSibling.hidden = !scrolls;
      if (scrolls) {
        // A region that scrolls must be reachable with the keyboard, and be named.
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Figure, scrolls sideways");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  // An inline formula wider than the line: the theme clips it (span.math hides its overflow).
  // Let just that formula scroll sideways, with a shadow at the cut edge (custom.css).
  function updateMath() {
    for (const span of document.querySelectorAll("span.math")) {
      const formula = span.querySelector("mjx-math");
      if (!formula) continue;
      const scrolls = formula.getBoundingClientRect().width > span.clientWidth + 1;
      span.classList.toggle("math-scrolls", scrolls);
      if (scrolls) span.tabIndex = 0;
      else span.removeAttribute("tabindex");
    }
  }

  function updateAll() {
    update();
    updateMath();
  }

  updateAll();
  window.addEventListener("load", updateAll);
  window.addEventListener("resize", updateAll);
  // MathJax typesets after this script runs.
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(updateMath);
  } else {
    document.addEventListener("DOMContentLoaded", () => {
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        MathJax.startup.promise.then(updateMath);
      }
    });
  }
})();
