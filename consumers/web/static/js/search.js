// Instant search: debounced calls to /api/search as the analyst types, filters for kind and agency.

import { api, ApiError } from "./api.js";
import { debounce, fill, h, kindBadge, label } from "./dom.js";

const DELAY_MS = 250;
const PAGE = 20;

const $ = (id) => document.getElementById(id);

function hitItem(hit) {
  const facts = [
    ...Object.entries(hit.attributes || {}).map(([name, values]) => `${label(name)}: ${values.join(", ")}`),
    ...(hit.identifiers || []).slice(0, 3),
  ];
  const agencies = (hit.agencies || []).join(", ");
  return h("li", { class: "hit" },
    h("a", { href: `#/entity/${encodeURIComponent(hit.entity_id)}`, class: "hit-link", dataset: { entityId: hit.entity_id } },
      kindBadge(hit.kind), " ", h("span", { class: "name" }, hit.display_name || hit.entity_id)),
    h("p", { class: "reason" }, hit.reason),
    facts.length > 0 && h("p", { class: "facts" }, facts.join(" · ")),
    h("p", { class: "sources" }, `${hit.records} record${hit.records === 1 ? "" : "s"}${agencies ? ` from ${agencies}` : ""}`),
    hit.notice && h("p", { class: "notice", role: "note" }, hit.notice.message));
}

/** The agency filter's options: the agencies of the visible matching records, with counts; the chosen one kept. */
function agencyOptions(select, facet) {
  const chosen = select.value;
  const values = (facet || []).map((f) => [String(f.value), f.count]);
  if (chosen && !values.some(([value]) => value === chosen)) values.unshift([chosen, null]);
  fill(select, h("option", { value: "" }, "any"),
    values.map(([value, count]) => h("option", { value, selected: value === chosen }, count === null ? value : `${value} (${count})`)));
}

/** Arrow keys move between the search box and the results; Escape goes back to the box. */
function keyboard(input, results) {
  const links = () => [...results.querySelectorAll("a.hit-link")];
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length > 0) {
      event.preventDefault();
      links()[0].focus();
    }
  });
  results.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < all.length) all[at + 1].focus();
    else if (event.key === "ArrowUp") (at === 0 ? input : all[at - 1]).focus();
    else if (event.key === "Escape") input.focus();
    else return;
    event.preventDefault();
  });
}

export function setupSearch() {
  const form = $("search-form");
  const input = $("search-q");
  const kind = $("search-kind");
  const agency = $("search-agency");
  const status = $("search-status");
  const results = $("results");
  const more = $("more");
  let asked = 0; // the latest request; older answers arriving late are dropped
  let controller = null;
  let cursor = null;

  async function run(append = false) {
    const q = input.value.trim();
    const mine = ++asked;
    controller?.abort();
    if (q.length < 2 && !kind.value && !agency.value) {
      fill(results);
      delete results.dataset.query;
      status.textContent = q ? "Type at least two characters." : "";
      more.hidden = true;
      return;
    }
    controller = new AbortController();
    const params = { q, kind: kind.value, agency: agency.value, size: PAGE, cursor: append ? cursor : null, facets: !append };
    status.textContent = "Searching…";
    try {
      const page = await api.search(params, controller.signal);
      if (mine !== asked) return;
      const items = page.hits.map(hitItem);
      if (append) results.append(...items);
      else fill(results, items);
      results.dataset.query = q; // which query the list shows (search-as-you-type renders several in turn)
      if (!append) agencyOptions(agency, page.facets?.agency);
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const shown = results.children.length;
      status.textContent = page.total === 0 ? "No results."
        : `${page.total} result${page.total === 1 ? "" : "s"}${shown < page.total ? `, ${shown} shown` : ""}`
          + (page.took_ms !== null && page.took_ms !== undefined ? ` (${page.took_ms} ms)` : "");
    } catch (error) {
      if (error.name === "AbortError" || mine !== asked) return;
      status.textContent = error instanceof ApiError && error.status === 401 ? "" : `Search failed: ${error.message}`;
    }
  }

  const soon = debounce(() => run(false), DELAY_MS);
  input.addEventListener("input", soon);
  kind.addEventListener("change", () => run(false));
  agency.addEventListener("change", () => run(false));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(false);
  });
  more.addEventListener("click", () => run(true));
  keyboard(input, results);

  return {
    /** Mark the result of the entity on show (aria-current). */
    markCurrent(entityId) {
      for (const link of results.querySelectorAll("a.hit-link")) {
        if (link.dataset.entityId === entityId) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      }
    },
    reset() {
      input.value = "";
      kind.value = "";
      fill(agency, h("option", { value: "" }, "any"));
      fill(results);
      status.textContent = "";
      more.hidden = true;
    },
  };
}
