// Printing shows what a reader could open on screen: open every fold (<details>: "Going
// further" parts, solutions, hidden cells) before the browser lays out the print, and close
// again the ones that were closed afterwards. print.css covers printing without these events.
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = Array.from(document.querySelectorAll("details:not([open])"));
    for (const details of opened) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
})();
