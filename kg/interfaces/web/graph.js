// Draws an entity's neighbourhood (the JSON of kg.views.entity's EntityView) and lists the
// sentences behind each edge; draws a timeline (kg.views.timeline). Used by the page that
// kg serve shows and, inlined, by kg viz. No dependencies: plain DOM, so it works offline and in
// a single saved file.
//
// The drawing is a layered tree, read left to right: the entity, then its relations grouped
// ("met with (17)"), then the neighbours, each with the dates of its statements on the edge
// that leads to it. Every node and label has a row of its own and every column is as wide as
// its widest label (measured in the page), so no two labels can overlap however many
// neighbours there are. Groups and neighbours expand in place; zoom and pan move the picture.
"use strict";

(function (global) {
  const SVG = "http://www.w3.org/2000/svg";
  const KIND_CLASS = {Person: "person", Organization: "organization", Place: "place", Position: "position"};
  const KIND_WORDS = {Person: "person", Organization: "organization", Place: "place", Position: "position", Other: "other"};
  const ROW = 26;            // pixels between rows: more than a label's height
  const RADIUS = {entity: 12, group: 8, neighbour: 8};
  const GAP = 14;            // between a column's labels and the next column's edge labels
  const OPEN_GROUPS_UP_TO = 6;  // groups with more members start folded ("met with (17)")

  function el(name, attrs, text) {
    const node = document.createElement(name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svgEl(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function words(relation) {
    return relation.words || relation.predicate;
  }

  // The label on the edge to a neighbour: the dates its sentences give ("2025-02-12",
  // "5 dates, 2025-03-31 … 2025-04-25"), else the days its articles were published ("reported
  // 2016-09-08"), else how many statements; and, when nothing is asserted, the modality
  // ("possible"). Every edge has one, so every edge can take the focus.
  function span(dates) {
    return dates.length > 2 ? dates.length + " dates, " + dates[0] + " … " + dates[dates.length - 1] : dates.join(", ");
  }

  function edgeLabel(relation) {
    const dates = relation.dates || [], reported = relation.reported_dates || [];
    let label = dates.length ? span(dates) : reported.length ? "reported " + span(reported)
      : count(relation) + " statement" + (count(relation) === 1 ? "" : "s");
    if (relation.gazetteer_only) label = "gazetteer";
    const notes = relation.statements.map(s => s.modality).filter(m => m !== "Asserted" && m !== "Reported");
    if (!relation.asserted && notes.length) label += " (" + [...new Set(notes)].join(", ").toLowerCase() + ")";
    const sources = [...new Set(relation.statements.filter(s => s.modality === "Reported" && s.according_to).map(s => s.according_to))];
    if (!relation.asserted && sources.length) label += " according to " + sources.slice(0, 2).join(", ") + (sources.length > 2 ? "…" : "");
    return label;
  }

  // How many statements a relation has (a kg viz page carries only the first few of them).
  function count(relation) {
    return relation.statement_count || relation.statements.length;
  }

  // A statement's day: the date its sentence gives, else its article's (reported on).
  function statementDay(s) {
    return s.date || s.reported_on || "";
  }

  function kindOf(ref) {
    return KIND_CLASS[ref.kind] ? ref.kind : "Other";
  }

  // --- the tree ---------------------------------------------------------------------------

  // An entity's relations as groups of neighbours, one group per relation and direction.
  function groupsOf(view, owner) {
    const groups = new Map();
    view.relations.forEach((relation, index) => {
      const key = relation.predicate + " " + (relation.symmetric ? "out" : relation.direction);
      if (!groups.has(key)) {
        groups.set(key, {type: "group", key, words: words(relation), predicate: relation.predicate,
                         direction: relation.direction, children: [], open: false, owner, parent: owner});
      }
      const group = groups.get(key);
      group.children.push({type: "neighbour", ref: relation.other, relation, index, owner, parent: group,
                           children: null, open: false});
    });
    const list = [...groups.values()];
    for (const group of list) {
      group.children.sort((a, b) => a.ref.label.localeCompare(b.ref.label));
      group.open = group.children.length <= OPEN_GROUPS_UP_TO;
    }
    return list.sort((a, b) => a.words.localeCompare(b.words));
  }

  function relationKeys(view) {
    const keys = new Map();
    for (const relation of view.relations) {
      const key = words(relation);
      keys.set(key, (keys.get(key) || 0) + 1);
    }
    return keys;
  }

  // Whether a neighbour passes the filters: its relation's words checked and, with a date
  // range, one of its statements dated inside it.
  function passes(node, filters) {
    if (node.type !== "neighbour") return true;
    if (filters.hidden.has(words(node.relation))) return false;
    if (!filters.from && !filters.to) return true;
    return node.relation.statements.some(s => statementDay(s) && (!filters.from || statementDay(s) >= filters.from)
                                                      && (!filters.to || statementDay(s).slice(0, filters.to.length) <= filters.to));
  }

  function visibleChildren(node, filters) {
    if (!node.open || !node.children) return [];
    return node.children.filter(child => passes(child, filters) && (child.type !== "group" || visibleChildren({...child, open: true}, filters).length));
  }

  // Rows and columns: leaves take rows in order, a parent sits between its first and last child.
  function layout(root, filters, measure) {
    const columns = [];
    let row = 0;
    function place(node, depth) {
      node.depth = depth;
      (columns[depth] = columns[depth] || {label: 0, edge: 0, nodes: []}).nodes.push(node);
      node.labelWidth = measure(node.text, "node-label");
      columns[depth].label = Math.max(columns[depth].label, node.labelWidth);
      node.edgeText = node.type === "neighbour" ? edgeLabel(node.relation) : "";
      node.edgeWidth = node.edgeText ? measure(node.edgeText, "edge-label") : 0;
      columns[depth].edge = Math.max(columns[depth].edge, node.edgeWidth);
      const children = visibleChildren(node, filters);
      node.shown = children;
      if (!children.length) { node.row = row++; return; }
      for (const child of children) place(child, depth + 1);
      node.row = (children[0].row + children[children.length - 1].row) / 2;
    }
    place(root, 0);
    let x = 20;
    columns.forEach((column, depth) => {
      if (depth > 0) x += column.edge + (column.edge ? 10 : 0);
      column.x = x + RADIUS.group;
      x = column.x + RADIUS.entity + 6 + column.label + GAP + 30;
    });
    return {columns, rows: row, width: x, height: row * ROW + 20};
  }

  // --- drawing ------------------------------------------------------------------------------

  function drawGraph(container, view, options) {
    const state = {
      root: {type: "entity", ref: {iri: view.iri, label: view.label, kind: view.kind, types: view.types},
             open: true, children: null, view},
      filters: {hidden: new Set(), from: "", to: ""},
      zoom: {k: 1, x: 0, y: 0},
    };
    state.root.children = groupsOf(view, state.root);
    const figure = el("figure", {class: "graph-figure"});
    const controls = drawControls(view, state, () => redraw());
    // Filters and legend fold away on a narrow screen, so the drawing comes first there too.
    const options_ = el("details", {class: "graph-options"});
    options_.appendChild(el("summary", {}, "Filters and legend"));
    options_.appendChild(controls);
    options_.appendChild(legend());
    options_.open = !narrow();
    figure.appendChild(options_);
    const svg = svgEl("svg", {class: "entity-graph", role: "group", "aria-label": "Relations of " + view.label +
                              ", drawn as a tree: Tab moves through the nodes and edge labels"});
    const defs = svgEl("defs");
    const marker = svgEl("marker", {id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5",
                                    markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse"});
    marker.appendChild(svgEl("path", {d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead"}));
    defs.appendChild(marker);
    svg.appendChild(defs);
    const viewport = svgEl("g", {class: "viewport"});
    svg.appendChild(viewport);
    figure.appendChild(zoomButtons(state, svg, viewport));
    const scroll = el("div", {class: "graph-scroll"});
    scroll.appendChild(svg);
    figure.appendChild(scroll);
    container.appendChild(figure);
    enablePanAndZoom(svg, viewport, state);

    // Text widths measured with the page's own fonts, in a hidden copy of the drawing's styles.
    const measurer = svgEl("text", {class: "node-label", x: 0, y: -1000, "aria-hidden": "true"});
    svg.appendChild(measurer);
    const widths = new Map();
    function measure(text, cls) {
      if (!text) return 0;
      const key = cls + "\u0000" + text;
      if (!widths.has(key)) {
        measurer.setAttribute("class", cls);
        measurer.textContent = text;
        widths.set(key, Math.ceil(measurer.getComputedTextLength ? measurer.getComputedTextLength() : text.length * 7.5) + 2);
      }
      return widths.get(key);
    }

    function labelOf(node) {
      if (node.type === "group") return node.words + " (" + node.children.filter(c => passes(c, state.filters)).length + ")";
      return node.ref.label;
    }

    function redraw(focusKey) {
      const walk = node => { node.text = labelOf(node); (node.children || []).forEach(walk); };
      walk(state.root);
      const plan = layout(state.root, state.filters, measure);
      viewport.replaceChildren();
      const edges = svgEl("g", {class: "edges"}), nodes = svgEl("g", {class: "nodes"});
      viewport.appendChild(edges);
      viewport.appendChild(nodes);
      const y = node => 14 + node.row * ROW;
      const x = node => plan.columns[node.depth].x;
      // The document's order is the tab order: a node, then for each member its edge's label and
      // the member (the paths stay beneath, in their own layer).
      const draw = node => {
        drawNode(nodes, node, x(node), y(node), state, options, redraw);
        for (const child of node.shown) {
          drawEdge(edges, nodes, node, child, x, y, plan, options);
          draw(child);
        }
      };
      draw(state.root);
      if (!state.root.shown.length && (state.filters.from || state.filters.to)) {
        nodes.appendChild(svgEl("text", {class: "empty-filter", x: 20, y: 44},
                                "No statement between " + (state.filters.from || "the first day") + " and " + (state.filters.to || "today") + "."));
      }
      figure.classList.toggle("filtered-empty", !state.root.shown.length);
      svg.setAttribute("viewBox", `0 0 ${Math.ceil(plan.width)} ${Math.ceil(plan.height)}`);
      svg.setAttribute("width", Math.ceil(plan.width));
      svg.setAttribute("height", Math.ceil(plan.height));
      svg.dataset.rows = plan.rows;
      applyZoom(viewport, state.zoom);
      if (focusKey) {
        const again = [...svg.querySelectorAll("[data-key]")].find(n => n.dataset.key === focusKey);
        if (again) again.focus();
      }
    }
    state.redraw = redraw;
    redraw();
    return svg;
  }

  function nodeKey(node) {
    return (node.parent ? nodeKey(node.parent) + "/" : "") + (node.type === "group" ? node.key : node.ref.iri);
  }

  function drawEdge(parent, labels, from, to, x, y, plan, options) {
    const column = plan.columns[to.depth];
    const startX = x(from) + (from.type === "entity" ? RADIUS.entity : RADIUS.group) + 6 + from.labelWidth + 4;
    const edgeStart = column.x - RADIUS.neighbour - 8 - column.edge - 4;
    const endX = column.x - RADIUS.neighbour - 2;
    const y1 = y(from), y2 = y(to);
    const bend = Math.max(12, (edgeStart - startX) / 2);
    const group = svgEl("g", {class: "edge"});
    const path = svgEl("path", {d: `M ${startX} ${y1} C ${startX + bend} ${y1}, ${edgeStart - bend} ${y2}, ${edgeStart} ${y2} L ${endX} ${y2}`});
    if (to.type === "neighbour") {
      const relation = to.relation;
      group.dataset.other = to.ref.iri;
      if (!relation.symmetric && relation.direction === "out") path.setAttribute("marker-end", "url(#arrow)");
      if (!relation.asserted) path.setAttribute("class", "unasserted");
      if (!relation.asserted && relation.statements.some(s => s.modality === "Reported")) path.classList.add("reported");
    }
    group.appendChild(path);
    if (to.edgeText) {
      const label = svgEl("text", {class: "edge-label", x: column.x - RADIUS.neighbour - 8, y: y2 - 3, "text-anchor": "end",
                                   "data-relation": to.owner.type === "entity" ? to.index : "", tabindex: "0", role: "link",
                                   "aria-label": `${to.owner.ref.label} ${words(to.relation)} ${to.ref.label}: ${to.edgeText}. Show the sentences.`},
                          to.edgeText);
      const show = () => showEvidence(to, options);
      label.addEventListener("click", show);
      label.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(); } });
      labels.appendChild(label);
    }
    parent.appendChild(group);
  }

  // The evidence of an edge: for the entity's own relations the list under the drawing, for a
  // neighbour's (expanded in place) the neighbour's page.
  function showEvidence(node, options) {
    if (node.owner.type !== "entity") {
      if (options.onOpen) options.onOpen(node.owner.ref.iri);
      return;
    }
    const list = document.querySelector("ol.relations");
    if (list && list.showRelation) list.showRelation(node.index);
    const target = document.getElementById("relation-" + node.index);
    if (!target) return;
    const folded = target.closest("details");
    if (folded) folded.open = true;
    target.scrollIntoView({block: "nearest"});
    target.focus({preventScroll: true});
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1200);
  }

  function drawNode(parent, node, x, y, state, options, redraw) {
    const kind = node.type === "group" ? "group" : (KIND_CLASS[node.ref.kind] || "other");
    const central = node.type === "entity" && !node.owner;
    const group = svgEl("g", {class: "node " + node.type + " " + kind + (central ? " central" : ""),
                             transform: `translate(${x},${y})`, "data-key": nodeKey(node)});
    if (node.ref) group.dataset.iri = node.ref.iri;
    const radius = RADIUS[node.type] || RADIUS.neighbour;
    if (node.type === "group") {
      group.appendChild(svgEl("rect", {x: -radius, y: -radius, width: 2 * radius, height: 2 * radius, rx: 3}));
      group.appendChild(svgEl("text", {class: "toggle", "text-anchor": "middle", y: 4, "aria-hidden": "true"}, node.open ? "−" : "+"));
    } else {
      group.appendChild(svgEl("circle", {r: radius}));
    }
    group.appendChild(svgEl("circle", {r: 13, class: "hit"}));  // a tap target of 26 px, whatever the mark's size
    group.appendChild(svgEl("text", {class: "node-label", x: radius + 6, y: 4}, node.text));
    const describe = node.type === "group"
      ? `${node.owner.ref.label} ${node.text}. ${node.open ? "Enter folds it" : "Enter shows them"}.`
      : `${node.ref.label}, ${KIND_WORDS[kindOf(node.ref)]}` + (central ? "" : node.ref.kind === "Position" ? "" : ". Enter opens it; + shows its relations here");
    group.appendChild(svgEl("title", {}, node.type === "group" ? node.text : node.ref.label + (node.ref.types && node.ref.types.length ? " (" + node.ref.types.join(", ") + ")" : "")));
    group.setAttribute("aria-label", describe);
    const toggle = () => { node.open = !node.open; redraw(nodeKey(node)); };
    if (node.type === "group") {
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "button");
      group.setAttribute("aria-expanded", String(node.open));
      group.addEventListener("click", toggle);
      group.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
    } else if (!central) {
      group.setAttribute("tabindex", "0");
      if (node.ref.kind !== "Position" && options.onOpen) {
        group.setAttribute("role", "link");
        group.addEventListener("click", e => { if (!e.target.closest(".expand")) options.onOpen(node.ref.iri); });
        group.addEventListener("keydown", e => {
          if (e.key === "Enter") options.onOpen(node.ref.iri);
          if (e.key === "+" || e.key === "-") { e.preventDefault(); expand(node, state, options, redraw); }
        });
      } else {
        group.setAttribute("role", "listitem");
      }
      if (node.type === "neighbour" && node.ref.kind !== "Position" && options.fetchEntity) {
        const button = svgEl("g", {class: "expand", role: "button", tabindex: "0", "aria-expanded": String(node.open && !!node.children),
                                   transform: `translate(${radius + 6 + node.labelWidth + 10},0)`,
                                   "aria-label": (node.open && node.children ? "Fold " : "Show here the relations of ") + node.ref.label});
        button.appendChild(svgEl("circle", {r: 13, class: "hit"}));
        button.appendChild(svgEl("circle", {r: 7}));
        button.appendChild(svgEl("text", {"text-anchor": "middle", y: 4, "aria-hidden": "true"}, node.open && node.children ? "−" : "+"));
        button.addEventListener("click", e => { e.stopPropagation(); expand(node, state, options, redraw); });
        button.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); expand(node, state, options, redraw); } });
        group.appendChild(button);
      }
    }
    parent.appendChild(group);
  }

  // A neighbour's own relations, fetched and drawn under it, grouped as the entity's are.
  async function expand(node, state, options, redraw) {
    if (node.children) { node.open = !node.open; redraw(nodeKey(node)); return; }
    const view = await options.fetchEntity(node.ref.iri);
    if (!view) return;
    node.view = view;
    node.children = groupsOf(view, node);
    node.open = true;
    redraw(nodeKey(node));
  }

  function drawControls(view, state, redraw) {
    const form = el("form", {class: "graph-controls", "aria-label": "Filter the drawing"});
    form.addEventListener("submit", e => e.preventDefault());
    const relations = el("fieldset", {class: "relation-filter"});
    relations.appendChild(el("legend", {}, "Relations"));
    for (const [key, count] of relationKeys(view)) {
      const label = el("label");
      const box = el("input", {type: "checkbox", value: key});
      box.checked = true;
      box.addEventListener("change", () => { if (box.checked) state.filters.hidden.delete(key); else state.filters.hidden.add(key); redraw(); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + key + " (" + count + ")"));
      relations.appendChild(label);
    }
    form.appendChild(relations);
    const dates = el("fieldset", {class: "date-filter"});
    dates.appendChild(el("legend", {}, "Dates"));
    for (const [name, text] of [["from", "From"], ["to", "to"]]) {
      const label = el("label", {}, text + " ");
      const input = el("input", {type: "date", name, class: "date-" + name});
      input.addEventListener("change", () => { state.filters[name] = input.value; redraw(); });
      label.appendChild(input);
      dates.appendChild(label);
    }
    form.appendChild(dates);
    const folding = el("fieldset", {class: "folding"});
    folding.appendChild(el("legend", {}, "Groups"));
    for (const [text, open] of [["Open all", true], ["Fold all", false]]) {
      const button = el("button", {type: "button", class: open ? "open-all" : "fold-all"}, text);
      button.addEventListener("click", () => { state.root.children.forEach(g => { g.open = open; }); redraw(); });
      folding.appendChild(button);
    }
    form.appendChild(folding);
    return form;
  }

  function legend() {
    const box = el("ul", {class: "legend", "aria-label": "Legend"});
    for (const [cls, text] of [["person", "person"], ["organization", "organization"], ["place", "place"],
                               ["position", "position"], ["other", "other"]]) {
      const item = el("li");
      item.appendChild(el("span", {class: "swatch " + cls, "aria-hidden": "true"}));
      item.appendChild(document.createTextNode(text));
      box.appendChild(item);
    }
    const group = el("li");
    group.appendChild(el("span", {class: "swatch group", "aria-hidden": "true"}));
    group.appendChild(document.createTextNode("a relation's group: click to open or fold"));
    box.appendChild(group);
    box.appendChild(el("li", {}, "→ direction · dashed: possible, negated or reported from a source · on the edges: the dates the sentences give, else the days the articles were published (“reported”)"));
    return box;
  }

  // --- zoom and pan -----------------------------------------------------------------------

  function applyZoom(viewport, zoom) {
    viewport.setAttribute("transform", `translate(${zoom.x.toFixed(1)},${zoom.y.toFixed(1)}) scale(${zoom.k.toFixed(3)})`);
  }

  function zoomButtons(state, svg, viewport) {
    const bar = el("div", {class: "zoom", role: "group", "aria-label": "Zoom"});
    const actions = [["+", "Zoom in", () => zoomBy(state, 1.25, 0, 0)], ["−", "Zoom out", () => zoomBy(state, 0.8, 0, 0)],
                     ["1:1", "Original size", () => Object.assign(state.zoom, {k: 1, x: 0, y: 0})]];
    for (const [text, name, act] of actions) {
      const button = el("button", {type: "button", "aria-label": name, title: name}, text);
      button.addEventListener("click", () => { act(); applyZoom(viewport, state.zoom); });
      bar.appendChild(button);
    }
    return bar;
  }

  function zoomBy(state, factor, cx, cy) {
    const k = Math.min(4, Math.max(0.25, state.zoom.k * factor));
    const real = k / state.zoom.k;
    state.zoom.x = cx - (cx - state.zoom.x) * real;
    state.zoom.y = cy - (cy - state.zoom.y) * real;
    state.zoom.k = k;
  }

  function enablePanAndZoom(svg, viewport, state) {
    const point = event => {
      const box = svg.getBoundingClientRect();
      const scale = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width / box.width : 1;
      return [(event.clientX - box.left) * scale, (event.clientY - box.top) * scale];
    };
    svg.addEventListener("wheel", event => {
      if (!event.ctrlKey && !event.altKey) return;  // plain scrolling scrolls the page
      event.preventDefault();
      const [cx, cy] = point(event);
      zoomBy(state, event.deltaY < 0 ? 1.15 : 1 / 1.15, cx, cy);
      applyZoom(viewport, state.zoom);
    }, {passive: false});
    let drag = null;
    svg.addEventListener("pointerdown", event => {
      if (event.target.closest(".node, .edge-label")) return;
      drag = {start: point(event), x: state.zoom.x, y: state.zoom.y};
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("panning");
    });
    svg.addEventListener("pointermove", event => {
      if (!drag) return;
      const [px, py] = point(event);
      state.zoom.x = drag.x + px - drag.start[0];
      state.zoom.y = drag.y + py - drag.start[1];
      applyZoom(viewport, state.zoom);
    });
    const stop = () => { drag = null; svg.classList.remove("panning"); };
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
  }

  // --- the timeline ---------------------------------------------------------------------------

  // A timeline (kg.views.timeline's JSON): one heading per day, each statement with its sentence
  // and a link to its article.
  function renderTimeline(container, timeline, options) {
    options = options || {};
    container.replaceChildren();
    const names = timeline.entities.map(e => e.label).join(" and ");
    container.appendChild(el("h4", {class: "timeline-heading"}, "Timeline of " + names + (timeline.entities.length > 1 ? " (statements that join them)" : "")));
    if (!timeline.days.length) {
      container.appendChild(el("p", {class: "empty"}, "No dated statements."));
      return;
    }
    // A page of days at a time: a person in hundreds of articles has hundreds of days.
    const days = el("ol", {class: "timeline"});
    const DAYS_A_PAGE = 15;
    const more = el("button", {type: "button", class: "more more-days"});
    let shown = 0;
    const showDays = () => {
      for (const day of timeline.days.slice(shown, shown + DAYS_A_PAGE)) {
        const item = el("li", {class: "day", "data-date": day.date});
        item.appendChild(el("h5", {}, day.date));
        const entries = el("ul", {class: "entries"});
        for (const entry of day.entries) {
          const line = el("li", {class: "timeline-entry " + entry.modality.toLowerCase()});
          // A day its sentence gives is the event's; a reported day only its article's: said so.
          const what = el("strong", {}, ({start: "since then: ", reported: "reported: "}[entry.date_role] || "") + entry.entity.label + " " + entry.words + " " + entry.other.label);
          if (entry.date_role === "reported") line.classList.add("reported-on");
          line.appendChild(what);
          const notes = [entry.event, entry.place ? "in " + entry.place.label : null,
                         entry.modality !== "Asserted" ? entry.modality.toLowerCase() : null,
                         entry.date_text ? "“" + entry.date_text + "”" : null].filter(Boolean);
          if (notes.length) line.appendChild(el("span", {class: "qualifiers"}, " (" + notes.join("; ") + ")"));
          for (const evidence of entry.evidence.slice(0, 1)) {
            line.appendChild(el("br"));
            line.appendChild(sentenceWithSpan(evidence));
            line.appendChild(document.createTextNode(" — "));
            line.appendChild(articleLink(evidence.article, evidence, options));
          }
          if (!entry.evidence.length && entry.article) {
            line.appendChild(document.createTextNode(" — "));
            line.appendChild(articleLink(entry.article, null, options));
          }
          entries.appendChild(line);
        }
        item.appendChild(entries);
        days.appendChild(item);
      }
      shown = Math.min(timeline.days.length, shown + DAYS_A_PAGE);
      const left = timeline.days.length - shown;
      more.textContent = "Show " + Math.min(left, DAYS_A_PAGE) + " more days of " + left;
      more.hidden = left <= 0;
    };
    more.addEventListener("click", showDays);
    showDays();
    container.appendChild(el("p", {class: "qualifiers"}, timeline.days.length + " days; “reported:” marks a statement dated by its article's day, its sentence giving none."));
    container.appendChild(days);
    container.appendChild(more);
    const gazetteer = timeline.from_gazetteer || 0, undated = (timeline.undated || 0) - gazetteer;
    const left = [undated ? undated + " statement" + (undated === 1 ? "" : "s") + " without a date, in its sentence or its article" : null,
                  gazetteer ? gazetteer + " fact" + (gazetteer === 1 ? "" : "s") + " of the gazetteer, which no article dates" : null].filter(Boolean);
    if (left.length) container.appendChild(el("p", {class: "qualifiers"}, "Not shown: " + left.join(" and ") + "."));
  }

  function sentenceWithSpan(evidence) {
    const p = el("q", {class: "sentence"});
    const s = evidence.sentence;
    if (evidence.span_start !== null && evidence.span_start >= evidence.sentence_start && evidence.span_end <= evidence.sentence_end) {
      const a = evidence.span_start - evidence.sentence_start, b = evidence.span_end - evidence.sentence_start;
      p.appendChild(document.createTextNode(s.slice(0, a)));
      p.appendChild(el("mark", {}, s.slice(a, b)));
      p.appendChild(document.createTextNode(s.slice(b)));
    } else {
      p.textContent = s;
    }
    return p;
  }

  // Only web addresses become links: a stored "javascript:" or "data:" URL would run in this page.
  function webLink(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]/i.test(url) ? url : null;
  }

  function articleLink(article, evidence, options) {
    const name = (article.title || article.id) + (article.date ? " (" + article.date + ")" : "");
    const href = options.articleHref ? options.articleHref(article, evidence) : webLink(article.url);
    if (!href) return el("span", {class: "article"}, name);
    return el("a", {class: "article", href}, name);
  }

  // Below the picture: each relation, its statements and the sentences that state them.
  const RELATIONS_A_PAGE = 12, STATEMENTS_SHOWN = 3;
  function listEvidence(container, view, options) {
    const list = el("ol", {class: "relations"});
    const more = el("button", {type: "button", class: "more more-relations"});
    let shown = 0;
    const renderUpTo = last => {
      view.relations.slice(shown, last).forEach((relation, offset) => renderRelation(relation, shown + offset));
      shown = Math.max(shown, Math.min(last, view.relations.length));
      const left = view.relations.length - shown;
      more.textContent = "Show " + Math.min(left, RELATIONS_A_PAGE) + " more relations of " + left;
      more.hidden = left <= 0;
    };
    more.addEventListener("click", () => renderUpTo(shown + RELATIONS_A_PAGE));
    // The drawing's edge labels lead here: the relation they name is listed first if it is not yet.
    list.showRelation = index => { if (index >= shown) renderUpTo(index + 1); };
    const renderRelation = (relation, index) => {
      const item = el("li", {id: "relation-" + index, class: "relation", tabindex: "-1"});
      const heading = el("div", {class: "relation-heading"});
      heading.appendChild(el("strong", {}, view.label + " " + words(relation) + " " + relation.other.label));
      if (relation.other.types.length) heading.appendChild(el("span", {class: "types"}, " (" + relation.other.types.join(", ") + ")"));
      if (relation.dates.length) heading.appendChild(el("span", {class: "dates"}, " · " + relation.dates.join(", ")));
      item.appendChild(heading);
      if (relation.gazetteer_only) {
        const count = new Set(relation.statements.map(s => s.article && s.article.id)).size;
        item.appendChild(el("p", {class: "no-sentence"}, relation.statements.length
          ? "from the gazetteer, in " + count + " article" + (count === 1 ? "" : "s")
          : "from kg's knowledge: the gazetteer, or what a stated fact entails (no sentence)"));
        list.appendChild(item);
        return;
      }
      const statements = el("ul", {class: "statements"});
      const shownFirst = relation.statements.slice(0, STATEMENTS_SHOWN);
      for (const statement of shownFirst) {
        const entry = el("li", {class: "statement " + statement.modality.toLowerCase()});
        const facts = [];
        if (statement.date) facts.push((statement.date_role === "start" ? "since " : "") + statement.date + (statement.date_text ? " (“" + statement.date_text + "”)" : ""));
        else if (statement.reported_on) facts.push("reported " + statement.reported_on);
        if (statement.according_to) facts.push("according to " + statement.according_to);
        if (statement.place) facts.push("in " + statement.place.label);
        if (statement.modality !== "Asserted") facts.push(statement.modality.toLowerCase());
        if (facts.length) entry.appendChild(el("span", {class: "qualifiers"}, facts.join("; ") + " — "));
        if (!statement.evidence.length) {
          if (statement.article) entry.appendChild(articleLink(statement.article, null, options));
          entry.appendChild(el("span", {class: "no-sentence"}, " from the gazetteer, no sentence"));
        }
        for (const evidence of statement.evidence) {
          entry.appendChild(sentenceWithSpan(evidence));
          entry.appendChild(document.createTextNode(" — "));
          entry.appendChild(articleLink(evidence.article || statement.article, evidence, options));  // kg viz leaves out a repeated one
        }
        statements.appendChild(entry);
      }
      item.appendChild(statements);
      if (count(relation) > shownFirst.length) {
        item.appendChild(el("p", {class: "qualifiers"}, "… and " + (count(relation) - shownFirst.length)
                                                        + " more statements of it (the timeline lists them by day)"));
      }
      list.appendChild(item);
    };
    renderUpTo(RELATIONS_A_PAGE);
    container.appendChild(list);
    container.appendChild(more);
  }

  // A summary that is a heading, so the folded sections stay in the page's outline.
  function headed(text) {
    const summary = el("summary");
    summary.appendChild(el("h4", {}, text));
    return summary;
  }

  function narrow() {
    return !!(global.matchMedia && global.matchMedia("(max-width: 700px)").matches);
  }

  // A list shown a page at a time: its heading counts them all, a button shows the next page.
  const PAGE = 10;
  function pagedList(container, title, items, renderItem, options) {
    options = options || {};
    if (!items.length) return null;
    // On a phone the long lists start folded, each a heading with its count to open.
    const section = el("details", {class: "paged " + (options.cls || "")});
    section.open = !options.foldOnPhone || !narrow();
    section.appendChild(headed(title + " (" + (options.total || items.length) + ")"));
    const list = el(options.ordered ? "ol" : "ul", {class: options.listClass || ""});
    section.appendChild(list);
    const more = el("button", {type: "button", class: "more"});
    let shown = 0;
    const next = () => {
      const from = shown;
      for (const item of items.slice(shown, shown + (options.page || PAGE))) list.appendChild(renderItem(item));
      shown = Math.min(items.length, shown + (options.page || PAGE));
      const left = items.length - shown;
      more.textContent = "Show " + Math.min(left, options.page || PAGE) + " more of " + left;
      more.hidden = left <= 0;
      if (from && list.children[from]) list.children[from].querySelector("a, [tabindex]")?.focus();
    };
    more.addEventListener("click", next);
    next();
    section.appendChild(more);
    container.appendChild(section);
    return section;
  }

  // One line under the name: what the entity is and how much the store says about it.
  function summary(view) {
    // The positions most often stated first: "President" before a one-off "Dictator".
    const positions = view.relations.filter(r => r.predicate === "holdsPosition" && r.direction === "out")
      .sort((a, b) => count(b) - count(a)).map(r => r.other.label);
    const span = view.article_span || [], total = view.articles_total || view.articles.length;
    const parts = [view.types[0] || view.kind];
    if (positions.length) parts.push(positions.slice(0, 3).join(", ") + (positions.length > 3 ? "…" : ""));
    parts.push(total + " article" + (total === 1 ? "" : "s")
               + (span.length ? ", " + span[0] + (span[1] !== span[0] ? " – " + span[1] : "") : ""));
    parts.push(view.relations.length + " relation" + (view.relations.length === 1 ? "" : "s"));
    if (view.quotes_total) parts.push(view.quotes_total + " quote" + (view.quotes_total === 1 ? "" : "s"));
    return parts.join(" · ");
  }

  function nameBox(view) {
    const box = el("div", {class: "name-box"});
    const heading = el("h3", {class: "entity-label"}, view.label);
    box.appendChild(heading);
    const line = el("p", {class: "summary"}, summary(view));
    for (const iri of view.same_as.filter(webLink)) {
      line.appendChild(document.createTextNode(" · "));
      line.appendChild(el("a", {href: iri, rel: "noreferrer", class: "same-as"}, iri.replace("http://www.wikidata.org/entity/", "Wikidata ")));
    }
    box.appendChild(line);
    const names = [...view.other_labels, ...view.names];
    const details = el("p", {class: "names"}, (names.length ? "Also: " + names.join(", ") + " · " : ""));
    details.appendChild(el("span", {class: "iri"}, view.iri));
    box.appendChild(details);
    return box;
  }

  function articleItem(mention, options) {
    const item = el("li", {class: "article-item"});
    if (mention.article.date) item.appendChild(el("time", {datetime: mention.article.date}, mention.article.date + " "));
    const title = mention.article.title || mention.article.id;
    const href = options.articleHref ? options.articleHref(mention.article, null) : webLink(mention.article.url);
    item.appendChild(href ? el("a", {class: "article", href}, title) : el("span", {class: "article"}, title));
    item.appendChild(el("span", {class: "qualifiers"}, " · " + mention.mentions + " mention" + (mention.mentions === 1 ? "" : "s")));
    return item;
  }

  // The whole entity view: the name box and the drawing first (the first screen), then the
  // timeline, the articles, the evidence, the quotes and attributions, each paged.
  function renderEntity(container, view, options) {
    options = options || {};
    container.replaceChildren();
    container.appendChild(nameBox(view));
    if (view.relations.length) {
      drawGraph(container, view, options);
    } else {
      container.appendChild(el("p", {class: "empty"}, "No relations stated for this entity."));
    }
    if (options.timeline) options.timeline(container, view);
    pagedList(container, "Articles, newest first", view.articles, mention => articleItem(mention, options),
              {cls: "articles-list", listClass: "articles", total: view.articles_total});
    if (view.relations.length) {
      const evidence = el("details", {class: "evidence"});
      evidence.open = !narrow();
      evidence.appendChild(headed("Relations and the sentences behind them (" + view.relations.length + ")"));
      listEvidence(evidence, view, options);
      container.appendChild(evidence);
    }
    const quotes = view.quotes.filter(q => !q.scare_quote), scare = view.quotes.filter(q => q.scare_quote);
    pagedList(container, "Quotes, the longest first", quotes, quote => {
      const item = el("li");
      item.appendChild(el("q", {}, quote.text));
      item.appendChild(document.createTextNode(" — "));
      item.appendChild(articleLink(quote.article, {sentence_start: quote.start, sentence_end: quote.end, span_start: quote.start, span_end: quote.end}, options));
      return item;
    }, {cls: "quotes-list", listClass: "quotes", total: view.quotes_total, foldOnPhone: true});
    if (scare.length) {
      const folded = el("details", {class: "scare-quotes"});
      folded.appendChild(el("summary", {}, scare.length + " single words in quotation marks"));
      folded.appendChild(el("p", {}, scare.map(q => "“" + q.text + "”").join(", ")));
      container.appendChild(folded);
    }
    listAttributions(container, "Said", view.said || [], false, options, view.said_total);
    listAttributions(container, "Said about it by others", view.said_about || [], true, options, view.said_about_total);
  }

  // Attributions (who said what, quoted or reported), direct and longest first, paged: each
  // with its style and cue, linked to its sentence in the article.
  function listAttributions(container, title, attributions, withSource, options, total) {
    pagedList(container, title, attributions, said => {
      const item = el("li", {class: "attribution " + said.style});
      if (withSource && said.source) item.appendChild(el("strong", {}, said.source + ": "));
      item.appendChild(el("q", {}, said.text));
      const notes = [said.style, said.cue, said.addressee ? "to " + said.addressee : null, said.date].filter(Boolean);
      item.appendChild(el("span", {class: "qualifiers"}, " [" + notes.join(", ") + "] — "));
      const evidence = {sentence: said.sentence, sentence_start: said.sentence_start,
                        sentence_end: said.sentence_start + said.sentence.length, span_start: said.start, span_end: said.end};
      item.appendChild(articleLink(said.article, evidence, options));
      return item;
    }, {cls: "attributions-list", listClass: "attributions", total, foldOnPhone: true});
  }

  global.kgRenderEntity = renderEntity;
  global.kgRenderTimeline = renderTimeline;
})(window);
