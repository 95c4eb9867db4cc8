// Small fixes to the theme's markup, applied once the page is parsed.
"use strict";

function weightinitWorkarounds() {
  // The search field shows "Search Ctrl+K" but its aria-label says only "Search": speech
  // users who say what they see would not reach it (axe: label-content-name-mismatch). Let
  // the name come from the visible text, and announce the shortcut the standard way.
  for (const field of document.querySelectorAll(".search-button-field[aria-label]")) {
    field.removeAttribute("aria-label");
    field.setAttribute("aria-keyshortcuts", "Control+K");
  }
  // docutils marks the bibliography as a list whose entries have the role doc-biblioentry,
  // which ARIA 1.2 deprecated: the list then has no items (axe: aria-required-children).
  for (const entry of document.querySelectorAll('[role="list"] > [role="doc-biblioentry"]')) {
    entry.setAttribute("role", "listitem");
  }
  // A sidebar entry with sub-pages (the API reference's families) folds them behind a
  // <summary> that holds only a chevron icon (axe: summary-name). Name it after its entry.
  for (const summary of document.querySelectorAll("nav li.has-children > details > summary")) {
    const link = summary.closest("li").querySelector(":scope > a");
    if (!summary.textContent.trim() && !summary.hasAttribute("aria-label") && link) {
      const name = link.textContent.trim();
      const ja = (document.documentElement.lang || "").startsWith("ja");
      summary.setAttribute("aria-label", ja ? `${name}の下位ページ` : `Sub-pages of ${name}`);
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", weightinitWorkarounds);
} else {
  weightinitWorkarounds();
}
