// Search with Pagefind: the search page's UI and, on the page a result leads to, the searched words marked.
// Everything comes from the Pagefind bundle the build writes into the site (data-bundle on this script's tag).
(function () {
  "use strict";
  const script = document.currentScript;
  const bundle = new URL(script.dataset.bundle, document.baseURI);
  const highlightParam = script.dataset.highlight;

  // the site's root, for the results' links: the bundle lies at its top, wherever the site is served
  const baseUrl = new URL("..", bundle).pathname;

  function escaped(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  // A result as every list of briefs shows a brief: its date, its summary and its badges (meta badge_N,
  // badge_N_notice), in place of Pagefind's excerpt; Pagefind shows the title, linked, and no other meta.
  function asBrief(result) {
    const meta = result.meta || {};
    const badges = Object.keys(meta)
      .filter((key) => /^badge_\d+(_notice)?$/.test(key))
      .sort((a, b) => parseInt(a.slice(6), 10) - parseInt(b.slice(6), 10))
      .map((key) => `<span class="brief-badge${key.endsWith("_notice") ? " brief-badge--notice" : ""}">${escaped(meta[key])}</span>`);
    const date = meta.date ? `<span class="brief-item__date">${escaped(meta.date)}</span> ` : "";
    result.excerpt =
      `<span class="brief-search__facts">${date}<span class="brief-badges">${badges.join(" ")}</span></span>` +
      `<span class="brief-search__summary">${escaped(meta.summary || "")}</span>`;
    result.meta = { title: meta.title };
    return result;
  }

  function searchPage(element) {
    const ui = new PagefindUI({
      element: element,
      bundlePath: bundle.pathname,
      baseUrl: baseUrl,
      sort: { date: "desc" },
      showImages: false,
      showEmptyFilters: false,
      autofocus: true,
      highlightParam: highlightParam,
      processResult: asBrief,
      translations: { placeholder: "Search the briefs" },
    });
    const query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  const element = document.getElementById("brief-search");
  if (element && typeof PagefindUI === "function") searchPage(element);

  if (highlightParam && new URLSearchParams(location.search).has(highlightParam)) {
    import(new URL("pagefind-highlight.js", bundle).href).then(() => {
      new PagefindHighlight({ highlightParam: highlightParam });
      // searched words in a fold (a caveat's note, a long list of passages): the fold opens to show them
      for (const mark of document.querySelectorAll("details:not([open]) mark.pagefind-highlight")) {
        for (let fold = mark.closest("details"); fold; fold = fold.parentElement.closest("details")) fold.open = true;
      }
      const first = document.querySelector("mark.pagefind-highlight");
      if (first && !location.hash) first.scrollIntoView({ block: "center" });
    });
  }
})();
