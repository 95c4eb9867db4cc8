// Evaluated in each page by the browser tests (conftest.py): gathers what they check.
() => {
  const visible = (el) =>
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
    el.getClientRects().length > 0;
  const article = document.querySelector("main article") || document.querySelector("main");
  const text = (el) => (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();

  // Images: loaded, with their alt text.
  const images = [...document.images].map((img) => ({
    src: img.getAttribute("src"),
    complete: img.complete,
    naturalWidth: img.naturalWidth,
    alt: img.getAttribute("alt"),
  }));

  // Figures in the article, marked for the dark-mode readability check to find them.
  const figures = [...(article ? article.querySelectorAll("img") : [])].filter((img) => {
    const r = img.getBoundingClientRect();
    return visible(img) && r.width > 20 && r.height > 20;
  });
  figures.forEach((img, index) => img.setAttribute("data-probe-figure", String(index)));

  // Math: every formula typeset by MathJax, and no TeX delimiters left in the text.
  const formulas = [...document.querySelectorAll(".math")];
  const unrendered = formulas
    .filter((el) => !el.querySelector("mjx-container"))
    .map((el) => text(el).slice(0, 80));
  const mathErrors = [...document.querySelectorAll("mjx-merror")].map((el) =>
    (el.getAttribute("data-mjx-error") || text(el)).slice(0, 80),
  );
  const raw = [];
  const skip = "pre, code, script, style, textarea, mjx-container, .highlight, kbd";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    const value = node.nodeValue;
    // TeX delimiters \( \[ $$, or a TeX command such as \sqrt left in the text.
    const match = value.match(/\\\(|\\\[|\$\$|\\[A-Za-z]+/);
    if (match && visible(parent)) {
      raw.push(value.slice(Math.max(0, match.index - 30), match.index + 50).trim());
    }
  }

  // Headings of the article, in document order.
  const headings = [...(article ? article.querySelectorAll("h1, h2, h3, h4, h5, h6") : [])]
    .filter(visible)
    .map((h) => ({ level: Number(h.tagName[1]), text: text(h).replace(/#$/, "").trim() }));

  // Links anywhere on the page, with the name a screen reader announces.
  const links = [...document.querySelectorAll("a[href]")]
    .filter((a) => visible(a) && !a.classList.contains("headerlink"))
    .map((a) => {
      const imgAlt = [...a.querySelectorAll("img[alt]")].map((i) => i.alt).join(" ");
      const name = (a.getAttribute("aria-label") || text(a) || imgAlt || a.title || "").trim();
      return { name, href: a.getAttribute("href") };
    });
  const headerlinks = [...document.querySelectorAll("a.headerlink")].map((a) => ({
    title: a.title || a.getAttribute("aria-label") || "",
    href: a.getAttribute("href"),
  }));

  // Layout: search fields, sidebar toggles, horizontal overflow.
  const searchControls = [
    ...document.querySelectorAll(".search-button-field, .search-button, input[type=search]"),
  ].filter((el) => visible(el) && !el.closest("dialog:not([open])"));
  const primaryToggles = [...document.querySelectorAll(".primary-toggle")].filter(visible);

  // Figures drawn by the notebooks: their shown size, their box, whether that box scrolls.
  // A figure in a closed fold ("Going further", a solution) is measured with its fold opened,
  // as a reader who opens it sees it; the folds are closed again afterwards.
  const sized = [...(article ? article.querySelectorAll("img.sized-figure") : [])];
  const folded = new Set(sized.filter((img) => img.closest("details:not([open])")));
  const closedFolds = [...(article ? article.querySelectorAll("details:not([open])") : [])];
  closedFolds.forEach((fold) => {
    fold.open = true;
  });
  const sizedFigures = sized.map(
    (img) => {
      const box = img.closest(".figure-scroller");
      const hint = box && box.nextElementSibling;
      const style = box ? getComputedStyle(box) : null;
      const rect = img.getBoundingClientRect();
      return {
        src: img.getAttribute("src"),
        // the file shown: a <picture>'s phone layout on a narrow screen (site-relative path)
        shown: new URL(img.currentSrc || img.src).pathname.replace(/^\//, ""),
        phoneLayout: Boolean(img.closest("picture") && img.closest("picture").querySelector("source")),
        folded: folded.has(img),
        // how far the figure reaches past the left or right edge of the window
        beyondWindow: Math.max(0, -rect.left, rect.right - document.documentElement.clientWidth),
        naturalWidth: img.naturalWidth,
        width: img.getBoundingClientRect().width,
        boxWidth: box ? box.clientWidth : null,
        scrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
        scrollable: style ? ["auto", "scroll"].includes(style.overflowX) : false,
        hint: hint && hint.classList.contains("figure-scroll-hint") && visible(hint),
      };
    },
  );
  // Display equations, measured with the folds opened too: how wide each formula is against
  // its column (the box of the equation, div.math), and whether its number overlaps it.
  const overlaps = (a, b) =>
    a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const displayMath = [...(article ? article.querySelectorAll('mjx-container[display="true"]') : [])]
    .filter((el) => el.querySelector("mjx-math") && el.getClientRects().length > 0)
    .map((el) => {
      const column = el.closest("div.math") || el.parentElement;
      const formula = el.querySelector("mjx-math").getBoundingClientRect();
      const eqno = column.querySelector(".eqno");
      const anchor = column.id || (el.closest("[id]") || {}).id || "";
      return {
        where: anchor,
        tex: (el.getAttribute("aria-label") || text(el)).slice(0, 60),
        width: formula.width,
        column: column.clientWidth,
        numberOverlaps: eqno ? overlaps(eqno.getBoundingClientRect(), formula) : false,
      };
    });
  closedFolds.forEach((fold) => {
    fold.open = false;
  });

  // Math that does not fit: a formula (its typeset box, mjx-math) reaching past the edge of a
  // box that hides overflow, unless a box on the way out scrolls (the reader can reach it).
  const clippedMath = [];
  for (const el of document.querySelectorAll("mjx-container")) {
    const formula = el.querySelector("mjx-math");
    if (!formula || !visible(el)) continue;
    const rect = formula.getBoundingClientRect();
    for (let box = el; box && box !== document.body; box = box.parentElement) {
      const edge = box.getBoundingClientRect();
      const beyond = rect.right > edge.right + 1 || rect.left < edge.left - 1;
      const overflowX = getComputedStyle(box).overflowX;
      if (["auto", "scroll"].includes(overflowX) && beyond) break; // scrolls: reachable
      if (["hidden", "clip"].includes(overflowX) && beyond) {
        clippedMath.push({ tex: text(el).slice(0, 60), box: `${box.tagName}.${box.className}` });
        break;
      }
    }
  }
  // Formulas wider than their box, which scrolls: each must show a shadow at the cut edge.
  const scrollingMath = [...document.querySelectorAll("mjx-container")]
    .filter((el) => {
      const formula = el.querySelector("mjx-math");
      return visible(el) && formula && formula.getBoundingClientRect().width > el.clientWidth + 1;
    })
    .map((el) => {
      const box = el.closest(".math-scrolls") || el;
      const style = getComputedStyle(box);
      return { overflowX: style.overflowX, image: style.backgroundImage };
    });

  // Boxes that scroll sideways (tables, code): each must say so with a shadow at its cut edge
  // and a visible note after it.
  // A code block's note may come after the copy button the theme puts next to the block; code
  // that overflows by less than the page script's tolerance (narrow-screens.js) hides nothing.
  const scrollBox = (box, hintClass, tolerance = 1) => {
    let hint = box.nextElementSibling;
    while (hint && (hint.tagName === "BUTTON" || hint.classList.contains("copybtn"))) {
      hint = hint.nextElementSibling;
    }
    return {
      scrolls: box.scrollWidth > box.clientWidth + tolerance,
      // a shadow painted on the box, or a fade of its content at the cut edge
      cue: [getComputedStyle(box).backgroundImage, getComputedStyle(box).maskImage || ""].some(
        (image) => image.includes("gradient"),
      ),
      hint: Boolean(hint && hint.classList.contains(hintClass) && visible(hint)),
    };
  };
  const tables = [...(article ? article.querySelectorAll("table") : [])]
    .filter((table) => visible(table) && !table.parentElement.closest("table"))
    .map((table) => ({
      caption: text(table.querySelector("caption") || table).slice(0, 40),
      ...scrollBox(table.parentElement, "table-scroll-hint"),
    }));
  const code = [...(article ? article.querySelectorAll("pre") : [])]
    .filter(visible)
    .map((pre) => ({ text: text(pre).slice(0, 40), ...scrollBox(pre, "code-scroll-hint", 8) }));
  // Table cells that hold a number (1.5, 2 × 10⁻³, 40 %) and wrap it over several lines.
  const NUMBER = /^[-+\u2212]?[\d.,\u00a0\u202f ]+(?:\s*\u00d7\s*10[\u2070-\u209f\u00b9\u00b2\u00b3]+)?\s*%?$/;
  const wrappedNumbers = [];
  for (const cell of article ? article.querySelectorAll("td, th") : []) {
    const value = text(cell);
    if (!value || !NUMBER.test(value) || !visible(cell)) continue;
    // one rectangle per line each piece of the cell's text runs over
    const tops = new Set();
    const cellWalker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let piece = cellWalker.nextNode(); piece; piece = cellWalker.nextNode()) {
      if (!piece.nodeValue.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(piece);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top / 4));
    }
    if (tops.size > 1) wrappedNumbers.push(value);
  }

  // Japanese text: marked lang="ja" (for screen readers and fonts) and set upright (CJK fonts
  // have no italics; the browser would slant the glyphs itself). Japanese inside code (a string
  // in an API docstring's example, such as weightinit.language's outputs) is code, highlighted
  // token by token, and is not prose to mark.
  const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]/;
  const japanese = [];
  const jaWalker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = jaWalker.nextNode(); node; node = jaWalker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !CJK.test(node.nodeValue) || parent.closest("script, style, title")) continue;
    if (parent.closest("pre, code")) continue;
    if (!visible(parent)) continue;
    const marked = parent.closest("[lang]");
    const style = getComputedStyle(parent);
    japanese.push({
      text: node.nodeValue.trim().slice(0, 30),
      lang: marked ? marked.getAttribute("lang") : "",
      fontStyle: style.fontStyle,
      synthesis: style.fontSynthesisStyle || style.fontSynthesis || "",
    });
  }

  // Numbers of figures, tables and equations, in page order.
  const numbers = (selector) =>
    [...(article ? article.querySelectorAll(selector) : [])].map((el) => text(el));
  const numbering = {
    figures: numbers("figcaption .caption-number"),
    tables: numbers("table caption .caption-number"),
    equations: numbers("div.math .eqno").map((t) => t.replace(/#$/, "").trim()),
  };

  // The page's contents on the right: how far its entries reach past the sidebar's padding.
  const secondary = document.querySelector(".bd-sidebar-secondary");
  let tocOverflow = 0;
  if (secondary && visible(secondary)) {
    const edge =
      secondary.getBoundingClientRect().right - parseFloat(getComputedStyle(secondary).paddingRight);
    for (const link of secondary.querySelectorAll("a")) {
      if (visible(link)) tocOverflow = Math.max(tocOverflow, link.getBoundingClientRect().right - edge);
    }
  }

  // Index entries: the gap between a link's text and its underline, in pixels.
  const indexLink = document.querySelector("table.indextable a");
  const underlineOffset = indexLink ? getComputedStyle(indexLink).textUnderlineOffset : null;

  const fontErrors = [...document.fonts]
    .filter((f) => f.status === "error")
    .map((f) => f.family);

  return {
    title: document.title,
    images,
    figures: figures.map((img) => img.getAttribute("src")),
    math: { count: formulas.length, unrendered, errors: mathErrors, raw },
    headings,
    links,
    headerlinks,
    searchControls: searchControls.map((el) => el.className),
    primaryToggles: primaryToggles.length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    sizedFigures,
    clippedMath,
    scrollingMath,
    displayMath,
    tables,
    code,
    wrappedNumbers,
    japanese,
    numbering,
    tocOverflow,
    underlineOffset,
    fontErrors,
  };
}
