// The site's search (conf.py: html_search_scorer; Sphinx puts this file into language_data.js,
// after searchtools.js).
//
// Ranking: Sphinx gives a page the same score whether the query is in the page's own title or
// only in one of its section titles, then sorts ties by name, so "Xavier" listed the Xavier
// page fifth. A page whose own title holds every word of the query now ranks above the pages
// that only mention it.
//
// Snippets: Sphinx cuts them from the text of the page's whole main element, which holds the
// theme's buttons and contents list, the "Run this page yourself" box and the TeX source of
// every formula. They are now cut from the article alone, without those, and with formulas
// written in plain symbols.

var Scorer = {
  // Sphinx's own weights (searchtools.js)
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  // Added, times the share of the title's words the query makes up, to a page's score when its
  // own title holds every word of the query: a title that is the query gets more than an exact
  // glossary or index entry (100), so the page comes first.
  ownTitle: 200,

  score: (result) => {
    const [, title, anchor, , score] = result;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const titleWords = String(title || "")
      .split(" > ")[0]
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    const own = !anchor && words.length > 0 && words.every((word) => titleWords.includes(word));
    // the larger the share of the title the query makes up, the more the title is about it:
    // "Xavier initialization" comes before "How deep can you go? Xavier and He, trained"
    return own ? score + (Scorer.ownTitle * words.length) / titleWords.length : score;
  },
};

// Formulas in a snippet: TeX source to plain symbols (n_\text{in} -> n_in, \sqrt{2/n} -> √2/n).
const WEIGHTINIT_TEX_SYMBOLS = {
  sqrt: "√", sigma: "σ", delta: "δ", chi: "χ", mu: "μ", gamma: "γ", beta: "β", rho: "ρ",
  epsilon: "ε", ell: "ℓ", partial: "∂", sum: "Σ", approx: "≈", cdot: "·", times: "×",
  odot: "⊙", ne: "≠", neq: "≠", le: "≤", ge: "≥", leq: "≤", geq: "≥", infty: "∞", to: "→",
  top: "ᵀ", pm: "±", dots: "…", ldots: "…", cdots: "⋯", sim: "~", in: "∈",
};

function weightinitPlainTex(tex) {
  return tex
    .replace(/\\[()[\]]/g, " ")
    .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)")
    .replace(/\\(?:text|operatorname|mathrm|mathbf|mathbb|mathcal|textbf|emph)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\([A-Za-z]+)/g, (match, name) => WEIGHTINIT_TEX_SYMBOLS[name] ?? "")
    .replace(/\\./g, " ")
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

if (typeof Search !== "undefined") {
  // What a snippet leaves out: the theme's chrome and the boxes around the article.
  const chrome = [
    ".headerlink", "script", "style", "button", ".bd-header-article", ".header-article-items",
    ".bd-sidebar-secondary", ".prev-next-area", ".bd-footer-article", ".footer-article-items",
    ".run-this-page", ".run-this-page-fold", ".copybtn", ".figure-scroll-hint",
    ".table-scroll-hint", ".code-scroll-hint",
  ];
  Search.htmlToText = (htmlString, anchor) => {
    const html = new DOMParser().parseFromString(htmlString, "text/html");
    for (const element of html.querySelectorAll(chrome.join(", "))) element.remove();
    for (const math of html.querySelectorAll(".math")) {
      math.textContent = ` ${weightinitPlainTex(math.textContent)} `;
    }
    const main = html.querySelector("main article") || html.querySelector('[role="main"]');
    if (!main) return "";
    const part = anchor ? main.querySelector(anchor) : null;
    return (part || main).textContent.replace(/\s+/g, " ");
  };
}
