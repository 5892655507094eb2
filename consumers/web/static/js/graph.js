// The n-hop link graph of an entity, laid out and drawn by Cytoscape.js (static/vendor/cytoscape.min.js).

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
      "text-wrap": "ellipsis", "text-max-width": 140, width: 26, height: 26,
      "background-color": "#6b7280", "border-width": 1, "border-color": "#1f2937",
    },
  },
  { selector: 'node[kind = "person"]', style: { shape: "ellipse", "background-color": "#2563eb" } },
  { selector: 'node[kind = "vehicle"]', style: { shape: "round-rectangle", "background-color": "#059669" } },
  { selector: 'node[kind = "firearm"]', style: { shape: "diamond", "background-color": "#b91c1c" } },
  { selector: "node[hop = 0]", style: { width: 36, height: 36, "border-width": 4, "font-weight": "bold" } },
  {
    selector: "edge",
    style: {
      label: "data(rel)", "font-size": 9, "curve-style": "bezier", "target-arrow-shape": "triangle",
      width: 1.5, "line-color": "#9ca3af", "target-arrow-color": "#9ca3af", "text-rotation": "autorotate",
      "text-background-color": "#ffffff", "text-background-opacity": 0.8,
    },
  },
  { selector: "edge.quiet", style: { label: "" } },
];
const QUIET_OVER = 20; // edges: past this many, their labels hide (the list below names the direct links)

/** Cytoscape elements from the API's ``graph`` ({nodes: [{entity_id, kind, display_name, hop}], edges: [{from, to, rel}]}). */
export function elements(graph) {
  const nodes = graph.nodes.map((n) => ({
    data: { id: n.entity_id, label: n.display_name || n.entity_id, kind: n.kind, hop: n.hop },
  }));
  const edges = graph.edges.map((e) => ({
    data: { id: `${e.from} ${e.rel} ${e.to}`, source: e.from, target: e.to, rel: e.rel },
  }));
  return [...nodes, ...edges];
}

/** Draw ``graph`` into ``container``; a tap on a node calls ``open(entityId)``. Returns the Cytoscape instance. */
export function drawGraph(container, graph, open) {
  const cytoscape = globalThis.cytoscape;
  if (typeof cytoscape !== "function") throw new Error("Cytoscape.js did not load");
  const hops = Math.max(0, ...graph.nodes.map((n) => n.hop));
  const cy = cytoscape({
    container,
    elements: elements(graph),
    style: STYLE,
    // Rings by distance from the entity on show: hop 0 in the middle.
    layout: {
      name: "concentric", concentric: (node) => hops - node.data("hop"), levelWidth: () => 1,
      minNodeSpacing: 60, padding: 20, animate: false,
    },
    minZoom: 0.2,
    maxZoom: 3,
  });
  if (cy.edges().length > QUIET_OVER) cy.edges().addClass("quiet");
  cy.on("tap", "node", (event) => open(event.target.id()));
  return cy;
}
