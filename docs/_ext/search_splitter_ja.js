// The Japanese edition's search-query splitter (docs/_ext/edition.py puts it into
// language_data.js, ahead of searchtools.js). Sphinx indexes Japanese text in words cut by its
// TinySegmenter (勾配消失 -> 勾配, 消失) but splits a query only at spaces and punctuation, so
// a query written as one would find nothing. Each run with Japanese characters is cut instead
// into the longest words the index knows, from left to right; a single character the index does
// not know is dropped (the index keeps no one-character words).
var splitQuery = (query) => {
  const index = (typeof Search !== "undefined" && Search._index) || {};
  const known = (word) => {
    const lower = word.toLowerCase();
    return Boolean((index.terms && lower in index.terms) || (index.titleterms && lower in index.titleterms));
  };
  const japanese = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/u;
  const words = [];
  for (const token of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    if (!token) continue;
    if (!japanese.test(token) || known(token)) {
      words.push(token);
      continue;
    }
    let start = 0;
    while (start < token.length) {
      let end = token.length;
      while (end > start + 1 && !known(token.slice(start, end))) end -= 1;
      const word = token.slice(start, end);
      if (known(word) || word.length > 1) words.push(word);
      start = end;
    }
  }
  return words;
};

// Sphinx's own Japanese catalogue leaves the search summary's (plural) message empty, so the
// search page said nothing once it had finished: give it its Japanese, with the count.
if (typeof Documentation !== "undefined" && Documentation.TRANSLATIONS) {
  const finished = "Search finished, found one page matching the search query.";
  const entry = Documentation.TRANSLATIONS[finished];
  if (Array.isArray(entry) && !entry.some(Boolean)) {
    Documentation.TRANSLATIONS[finished] = ["検索が完了し、${resultCount}ページが見つかりました。"];
  }
}
