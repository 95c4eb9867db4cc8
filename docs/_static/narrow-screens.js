// Figures, formulas, tables and code that do not fit the column.
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
  // The notes and names this script shows, in the page's language (the Japanese edition's too).
  const JA = (document.documentElement.lang || "").startsWith("ja");
  const TEXT = JA
    ? {
        figure: "横にスクロールすると図全体を見られます",
        table: "横にスクロールすると表全体を見られます",
        code: "横にスクロールすると行全体を見られます",
        figureBox: "図（横にスクロールできます）",
        tableBox: "表（横にスクロールできます）",
        codeBox: "コード（横にスクロールできます）",
      }
    : {
        figure: "Scroll sideways to see the whole figure",
        table: "Scroll sideways to see the whole table",
        code: "Scroll sideways to see the whole line",
        figureBox: "Figure, scrolls sideways",
        tableBox: "Table, scrolls sideways",
        codeBox: "Code, scrolls sideways",
      };
  const HINT = TEXT.figure;

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
        box.setAttribute("aria-label", TEXT.figureBox);
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

  // Tables: the theme puts each in a box that scrolls sideways, with nothing to say so. When a
  // table is wider than its column, the box shows a shadow at the cut edge (custom.css) and a
  // note under it. Cells that hold a number keep it on one line.
  const NUMBER = /^[-+\u2212]?[\d.,\u00a0\u202f ]+(?:\s*\u00d7\s*10[\u2070-\u209f\u00b9\u00b2\u00b3]+)?\s*%?$/;
  const TABLE_HINT = TEXT.table;

  function prepareTable(table) {
    let box = table.parentElement;
    if (!box.classList.contains("pst-scrollable-table-container")) {
      box = document.createElement("div");
      table.replaceWith(box);
      box.append(table);
    }
    if (box.classList.contains("table-scroller")) return box;
    box.classList.add("table-scroller");
    for (const cell of table.querySelectorAll("td, th")) {
      const value = cell.textContent.trim();
      if (value && NUMBER.test(value)) cell.classList.add("number");
    }
    const hint = document.createElement("p");
    hint.className = "table-scroll-hint";
    hint.textContent = `${TABLE_HINT} →`;
    hint.hidden = true;
    box.after(hint);
    return box;
  }

  // Code wider than its box (a long line of a cell or of its output) scrolls sideways: the same
  // shadow and a note under it.
  const CODE_HINT = TEXT.code;

  // Which ends of a scrolling box hide content: the box fades out at those (custom.css).
  function markEnds(box) {
    const scrolls = box.classList.contains("code-scrolls") || box.classList.contains("table-scrolls");
    box.classList.toggle("more-left", scrolls && box.scrollLeft > 1);
    box.classList.toggle("more-right", scrolls && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  }

  function markScrolling(box, hint, scrolls, name) {
    box.classList.toggle(box.tagName === "PRE" ? "code-scrolls" : "table-scrolls", scrolls);
    if (!box.dataset.weightinitEnds) {
      box.dataset.weightinitEnds = "1";
      box.addEventListener("scroll", () => markEnds(box), { passive: true });
    }
    markEnds(box);
    hint.hidden = !scrolls;
    if (scrolls) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function updateTables() {
    for (const table of document.querySelectorAll("main article table")) {
      if (table.closest(".table-scroller") && table.closest(".table-scroller") !== table.parentElement)
        continue; // a table inside a table's cell
      const box = prepareTable(table);
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      markScrolling(box, box.nextElementSibling, scrolls, TEXT.tableBox);
    }
  }

  // Each block's note, kept by reference: the theme's copy button is inserted right after the
  // <pre>, so the note is not always its next sibling (looking there again would add a second).
  const codeHints = new WeakMap();
  // A line that overflows by less than this (a trailing space, the box's padding) hides nothing
  // a reader needs: no fade, no note.
  const CODE_TOLERANCE = 8;

  function updateCode() {
    for (const pre of document.querySelectorAll("main article pre")) {
      let hint = codeHints.get(pre);
      if (!hint) {
        // A note left by an earlier copy of this script (or a rerun) next to the block.
        for (const old of pre.parentElement.querySelectorAll(":scope > .code-scroll-hint")) old.remove();
        hint = document.createElement("p");
        hint.className = "code-scroll-hint";
        hint.textContent = `${CODE_HINT} →`;
        hint.hidden = true;
        pre.after(hint);
        codeHints.set(pre, hint);
      }
      const scrolls = pre.scrollWidth > pre.clientWidth + CODE_TOLERANCE;
      markScrolling(pre, hint, scrolls, TEXT.codeBox);
    }
  }

  function updateAll() {
    update();
    updateMath();
    updateTables();
    updateCode();
  }

  updateAll();
  window.addEventListener("load", updateAll);
  window.addEventListener("resize", updateAll);
  // Widths change again once the web fonts are in and MathJax has typeset (tables hold
  // formulas), and when the column changes size (a sidebar opens or closes).
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(updateAll);
  const typeset = () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(updateAll);
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", typeset);
  else typeset();
  const article = document.querySelector("main article");
  if (article && window.ResizeObserver) {
    let pending = false;
    new ResizeObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        updateAll();
      });
    }).observe(article);
  }
})();
