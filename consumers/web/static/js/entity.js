// The entity page: fused attributes with sources, link graph and list, timeline, evidence, judgements.

import { api, ApiError } from "./api.js";
import { fill, h, kindBadge, label, when } from "./dom.js";
import { drawGraph } from "./graph.js";

const $ = (id) => document.getElementById(id);
const entityHref = (id) => `#/entity/${encodeURIComponent(id)}`;

function attributeRows(attributes) {
  return Object.entries(attributes || {}).flatMap(([name, values]) => values.map((v, i) => h("tr", {},
    i === 0 ? h("th", { scope: "row", rowspan: values.length }, label(name)) : null,
    h("td", {}, String(v.raw ?? v.value), v.raw !== undefined && v.raw !== null && String(v.raw) !== String(v.value)
      ? h("span", { class: "normalized" }, ` (${v.value})`) : null),
    h("td", { class: "sources" }, v.sources.join(", ")))));
}

function linkedItem(entry) {
  const rel = label(entry.rel);
  return h("li", { dataset: { entityId: entry.entity_id, kind: entry.kind || "" } },
    h("span", { class: "rel" }, entry.direction === "out" ? `${rel} →` : `← ${rel}`), " ",
    kindBadge(entry.kind), " ",
    h("a", { href: entityHref(entry.entity_id) }, entry.display_name || entry.entity_id),
    h("span", { class: "via" }, ` (asserted by ${entry.asserted_by.join(", ")})`));
}

function timelineItem(event) {
  return h("li", { dataset: { eventId: event.event_id || "" } },
    h("time", { datetime: event.occurred_at || "" }, when(event.occurred_at)), " ",
    h("strong", {}, label(event.event_type || "event")), ` by ${event.agency || "unknown agency"}`,
    event.roles.length > 0 ? ` as ${event.roles.map(label).join(", ")}` : "",
    h("span", { class: "via" }, ` (${event.records.join(", ")})`));
}

function decisionText(step) {
  const score = typeof step.score === "number" ? `score ${step.score.toFixed(1)}` : null;
  const threshold = typeof step.threshold === "number" ? `threshold ${step.threshold.toFixed(1)}` : null;
  const against = step.hidden_candidate ? "a record you may not see" : step.candidate;
  switch (step.action) {
    case "new":
      return against ? `started this entity: best candidate ${against} scored below the link threshold (${[score, threshold].filter(Boolean).join(", ")})`
        : "started this entity: no earlier record was like it";
    case "attach":
      return `joined: most like ${against}${score ? `, ${score}` : ""}${threshold ? ` (${threshold})` : ""}`;
    case "merge":
      return `joined and merged entities: most like ${against}${score ? `, ${score}` : ""}${threshold ? ` (${threshold})` : ""}`;
    case "judged":
      return "placed here by an analyst's judgement";
    default:
      return `${step.action}${against ? ` (compared with ${against})` : ""}`;
  }
}

function evidenceItem(step) {
  const comparisons = step.evidence || [];
  return h("li", {},
    h("span", { class: "record" }, step.record_key), ` (${step.agency || "unknown agency"}): `, decisionText(step),
    step.swapped_names ? " — given and family names were swapped" : "",
    comparisons.length > 0 && h("details", {},
      h("summary", {}, "Comparison"),
      h("table", { class: "comparison" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "attribute"), h("th", { scope: "col" }, "level"),
          h("th", { scope: "col" }, "weight"))),
        h("tbody", {}, comparisons.map((c) => h("tr", {},
          h("td", {}, label(c.attribute)), h("td", {}, label(c.level)),
          h("td", { class: "number" }, typeof c.weight === "number" ? c.weight.toFixed(2) : "")))))));
}

function recordOption(record, selected) {
  const text = `${record.record_key} (${[record.agency, label(record.event_type || ""), record.occurred_at?.slice(0, 10)].filter(Boolean).join(", ")})`;
  return h("option", { value: record.record_key, selected }, text);
}

export function setupEntity({ onShown } = {}) {
  const section = $("entity");
  const hops = $("hops");
  const judgeForm = $("judge-form");
  const judgeStatus = $("judge-status");
  let current = null;
  let asked = 0;
  let controller = null;
  let graph = null;

  function render(view) {
    current = view;
    fill($("entity-title"), kindBadge(view.kind), " ", view.display_name || view.entity_id);
    $("entity-title").dataset.entityId = view.entity_id;
    const agencies = (view.agencies || []).join(", ");
    $("entity-meta").textContent = `${view.entity_id} · ${view.records.length} record${view.records.length === 1 ? "" : "s"}`
      + `${agencies ? ` from ${agencies}` : ""}${view.complete ? "" : " · partial view"}`;
    const redirect = $("entity-redirect");
    redirect.hidden = !view.redirected_from;
    redirect.textContent = view.redirected_from ? `${view.redirected_from} was merged into this entity.` : "";
    const notice = $("entity-notice");
    notice.hidden = !view.notice;
    notice.textContent = view.notice ? view.notice.message : "";

    fill($("attributes").tBodies[0], attributeRows(view.attributes));
    const linked = view.linked || [];
    fill($("linked"), linked.length > 0 ? linked.map(linkedItem) : h("li", { class: "empty" }, "No links you may see."));
    graph?.destroy();
    graph = drawGraph($("graph"), view.graph, (id) => {
      if (id !== view.entity_id) location.hash = entityHref(id);
    });
    globalThis.enlace = { ...(globalThis.enlace || {}), graph };
    const others = view.graph.nodes.length - 1;
    $("graph-caption").textContent = `${others} linked entit${others === 1 ? "y" : "ies"} within ${hops.value} hop`
      + `${hops.value === "1" ? "" : "s"}. Select a node to open it; the list names the direct links.`;
    fill($("timeline"), view.timeline.map(timelineItem));
    fill($("evidence"), view.evidence.length > 0 ? view.evidence.map(evidenceItem)
      : h("li", { class: "empty" }, "No decision evidence you may see."));

    const records = view.records;
    fill($("judge-left"), records.map((r, i) => recordOption(r, i === 0)));
    fill($("judge-records"), records.map((r) => h("option", { value: r.record_key })),
      linked.map((e) => h("option", { value: e.entity_id }, `${e.kind} ${e.display_name || ""}`)));
    $("judge-right").value = records.length > 1 ? records[1].record_key : "";
    judgeStatus.textContent = "";
  }

  async function show(entityId) {
    const mine = ++asked;
    controller?.abort();
    controller = new AbortController();
    section.hidden = false;
    $("entity-status").textContent = "Loading…";
    try {
      const view = await api.entity(entityId, Number(hops.value), controller.signal);
      if (mine !== asked) return;
      $("entity-status").textContent = "";
      $("entity-body").hidden = false;
      render(view);
      section.focus();
      onShown?.(view.entity_id);
    } catch (error) {
      if (error.name === "AbortError" || mine !== asked) return;
      current = null;
      fill($("entity-title"), entityId);
      delete $("entity-title").dataset.entityId;
      for (const id of ["entity-meta", "entity-redirect", "entity-notice"]) $(id).textContent = "";
      $("entity-redirect").hidden = $("entity-notice").hidden = $("entity-body").hidden = true;
      $("entity-status").textContent = error instanceof ApiError && error.status === 404
        ? `No entity ${entityId} that you may see.` : `Could not load ${entityId}: ${error.message}`;
    }
  }

  hops.addEventListener("change", () => current && show(current.entity_id));

  judgeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const verdict = event.submitter?.value;
    const left = $("judge-left").value;
    const right = $("judge-right").value.trim();
    if (!verdict || !left || !right) return;
    if (left === right) {
      judgeStatus.textContent = "Choose two different records.";
      return;
    }
    judgeStatus.textContent = "Sending…";
    try {
      const sent = await api.judge({ left, right, verdict, why: $("judge-why").value.trim() });
      judgeStatus.textContent = `Judgement recorded: ${label(sent.verdict)} (${sent.left} / ${sent.right}), id ${sent.judgement_id}.`;
    } catch (error) {
      judgeStatus.textContent = `Judgement refused: ${error.message}`;
    }
  });

  return {
    show,
    hide() {
      asked++;
      controller?.abort();
      section.hidden = true;
      current = null;
    },
  };
}
