// Search with Pagefind: the search page (briefs-search.html) run on Pagefind's search API, and, on the page a
// result leads to, the searched words marked. Everything comes from the Pagefind bundle the build writes into
// the site (data-bundle on this script's tag). A first query fetches Pagefind's engine, its index metadata, the
// index chunks of the words and the records of the results shown; the filters' index only when the reader
// opens the filters (Pagefind's own UI would fetch every filter's index before the first query).
(function () {
  "use strict";
  const script = document.currentScript;
  const bundle = new URL(script.dataset.bundle, document.baseURI);
  const highlightParam = script.dataset.highlight;
  const PAGE_SIZE = 5; // results shown at first and added by each "Load more results"
  const SORT = { date: "desc" }; // newest first: the data-pagefind-sort of each brief page

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Pagefind holds a filter's value as HTML (brief.html escapes it for that): the text it stands for,
  // read by a <textarea>, whose content is never markup
  function asText(html) {
    const reader = document.createElement("textarea");
    reader.innerHTML = html;
    return reader.value;
  }

  // A result as every list of briefs shows a brief (brief-item.html): its title, linked, its date, its
  // badges (meta badge_N, badge_N_notice, in order) and its summary; all of it text
  function asBrief(data) {
    const meta = data.meta || {};
    const item = make("li", "brief-item brief-search__result");
    const link = make("a", "brief-search__link", meta.title || data.url);
    link.href = data.url;
    item.append(link);
    if (meta.date) item.append(" ", make("span", "brief-item__date", meta.date));
    const badges = Object.keys(meta)
      .filter((key) => /^badge_\d+(_notice)?$/.test(key))
      .sort((a, b) => parseInt(a.slice(6), 10) - parseInt(b.slice(6), 10));
    if (badges.length) {
      const group = make("span", "brief-badges");
      badges.forEach((key, i) => {
        if (i) group.append(" ");
        group.append(make("span", "brief-badge" + (key.endsWith("_notice") ? " brief-badge--notice" : ""), meta[key]));
      });
      item.append(" ", group);
    }
    item.append(make("div", "brief-item__summary", meta.summary || ""));
    return item;
  }

  function counted(count, query) {
    return `${count === 0 ? "No results" : count === 1 ? "1 result" : `${count} results`} for ${query}`;
  }

  async function searchPage(root) {
    const form = root.querySelector(".brief-search__form");
    const input = root.querySelector(".brief-search__input");
    const toggle = root.querySelector(".brief-search__toggle");
    const panel = root.querySelector(".brief-search__filters");
    const message = root.querySelector(".brief-search__message");
    const list = root.querySelector(".brief-search__list");
    const more = root.querySelector(".brief-search__more");
    let filters = null; // the filters' values, once the reader has opened them: filter -> value -> its checkbox
    let latest = 0; // the number of the latest search: an older one that ends later shows nothing
    let results = [];

    form.hidden = false;
    let pagefind;
    try {
      pagefind = await import(new URL("pagefind.js", bundle).href);
      await pagefind.options({ baseUrl: new URL("..", bundle).pathname, highlightParam: highlightParam });
      pagefind.init(); // its engine and index metadata, while the reader types
    } catch (error) {
      form.hidden = true;
      message.textContent = "The search index could not be loaded.";
      console.error(error);
      return;
    }

    // The results from the ``from``-th on, PAGE_SIZE of them, in place of those shown (from 0) or after them
    async function show(search, from) {
      const data = await Promise.all(results.slice(from, from + PAGE_SIZE).map((result) => result.data()));
      if (search !== latest) return false;
      const items = data.map(asBrief);
      if (from) list.append(...items);
      else list.replaceChildren(...items);
      more.hidden = from + items.length >= results.length;
      return true;
    }

    // The values ticked, as Pagefind holds them, by filter
    function ticked() {
      const chosen = {};
      for (const [name, values] of Object.entries(filters || {})) {
        const on = Object.keys(values).filter((value) => values[value].checked);
        if (on.length) chosen[name] = on;
      }
      return chosen;
    }

    function showCounts(counts) {
      if (!filters) return;
      for (const [name, values] of Object.entries(filters)) {
        for (const [value, box] of Object.entries(values)) {
          const count = (counts[name] || {})[value] || 0;
          box.closest("li").hidden = count === 0 && !box.checked;
          box.parentElement.querySelector(".brief-search__count").textContent = `(${count})`;
        }
      }
    }

    async function run() {
      const search = ++latest;
      const query = input.value.trim();
      const url = new URL(location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      history.replaceState(history.state, "", url);
      if (!query) {
        results = [];
        list.replaceChildren();
        message.textContent = "";
        more.hidden = true;
        if (filters) {
          const every = await pagefind.filters(); // every brief's counts
          if (search === latest) showCounts(every);
        }
        return;
      }
      const found = await pagefind.debouncedSearch(query, { filters: ticked(), sort: SORT }, 300);
      if (found === null || search !== latest) return; // a later search replaced this one
      results = found.results;
      if (!(await show(search, 0))) return;
      message.textContent = counted(results.length, query);
      showCounts(found.filters);
    }

    async function openFilters() {
      toggle.disabled = true;
      const available = await pagefind.filters(); // every filter's index: fetched now, not for the first query
      filters = {};
      for (const name of Object.keys(available).sort((a, b) => a.localeCompare(b))) {
        const group = make("details", "brief-search__group");
        group.append(make("summary", "", name));
        const values = make("ul");
        filters[name] = {};
        const byText = Object.keys(available[name]).map((value) => [asText(value), value]);
        byText.sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
        for (const [text, value] of byText) {
          const box = make("input");
          box.type = "checkbox";
          box.addEventListener("change", run);
          filters[name][value] = box;
          const label = make("label");
          label.append(box, " ", text, " ", make("span", "brief-search__count"));
          const item = make("li");
          item.append(label);
          values.append(item);
        }
        group.append(values);
        panel.append(group);
      }
      toggle.disabled = false;
      await run(); // the counts of the search shown
    }

    form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("input", run);
    more.addEventListener("click", () => show(latest, list.children.length));
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
      if (open && !filters) openFilters();
    });

    const query = new URLSearchParams(location.search).get("q");
    if (query) input.value = query;
    if (input.value.trim()) run(); // from the address, or typed while Pagefind was loading
  }

  // on every page: Material's instant navigation swaps pages without loading them, and document$ says when
  function onPage() {
    const root = document.getElementById("brief-search");
    if (root && !root.dataset.ready) {
      root.dataset.ready = "true";
      searchPage(root);
    }
    if (highlightParam && new URLSearchParams(location.search).has(highlightParam)) highlight();
  }

  function highlight() {
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

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
  else onPage();
})();
