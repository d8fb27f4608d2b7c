// Draws an entity's neighbourhood (the JSON of kg.entity's EntityView) as an SVG graph and lists
// the sentences behind each edge. Used by the page that kg serve shows and, inlined, by kg viz.
// No dependencies: plain DOM, so it works offline and in a single saved file.
"use strict";

(function (global) {
  const SVG = "http://www.w3.org/2000/svg";
  const KIND_CLASS = {Person: "person", Organization: "organization", Place: "place", Position: "position"};

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

  // One line of an edge's label: "spokeWith · 2025-02-12", "metWith (possible)".
  function relationLabel(relation) {
    let label = relation.predicate;
    if (relation.dates.length) label += " · " + relation.dates.join(", ");
    const notes = relation.statements.map(s => s.modality).filter(m => m !== "Asserted");
    if (!relation.asserted && notes.length) label += " (" + [...new Set(notes)].join(", ").toLowerCase() + ")";
    return label;
  }

  // Neighbours, each with the relations that join it to the entity.
  function neighbours(view) {
    const byIri = new Map();
    view.relations.forEach((relation, index) => {
      const other = relation.other;
      if (!byIri.has(other.iri)) byIri.set(other.iri, {ref: other, relations: []});
      byIri.get(other.iri).relations.push({relation, index});
    });
    return [...byIri.values()];
  }

  function wrapText(text, width) {
    const words = text.split(/\s+/);
    const lines = [];
    let line = "";
    for (const word of words) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    }
    if (line) lines.push(line);
    return lines.slice(0, 3);
  }

  function drawNode(parent, ref, x, y, radius, central, onOpen, labelAbove) {
    const kind = KIND_CLASS[ref.kind] || "other";
    const group = svgEl("g", {class: "node " + kind + (central ? " central" : ""), "data-iri": ref.iri,
                             transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`});
    const title = svgEl("title", {}, ref.label + (ref.types.length ? " (" + ref.types.join(", ") + ")" : ""));
    group.appendChild(title);
    group.appendChild(svgEl("circle", {r: radius}));
    const lines = wrapText(ref.label, 18);
    lines.forEach((line, i) => {  // above a node in the upper half, so the edge's arrow stays visible
      const y = labelAbove ? -radius - 6 - (lines.length - 1 - i) * 13 : radius + 14 + i * 13;
      group.appendChild(svgEl("text", {class: "node-label", y, "text-anchor": "middle"}, line));
    });
    if (!central && onOpen && ref.kind !== "Position") {
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "link");
      group.addEventListener("click", () => onOpen(ref.iri));
      group.addEventListener("keydown", e => { if (e.key === "Enter") onOpen(ref.iri); });
    }
    parent.appendChild(group);
  }

  // The picture: the entity in the middle, its neighbours around it, an edge to each with one
  // label line per relation.
  function drawGraph(container, view, options) {
    const items = neighbours(view);
    const width = 660, height = Math.max(500, 360 + items.length * 10);
    const cx = width / 2, cy = height / 2;
    const rx = width / 2 - 90, ry = height / 2 - 70;
    const svg = svgEl("svg", {class: "entity-graph", viewBox: `0 0 ${width} ${height}`, width: "100%",
                              role: "img", "aria-label": "Relations of " + view.label});
    const defs = svgEl("defs");
    const marker = svgEl("marker", {id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5",
                                    markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse"});
    marker.appendChild(svgEl("path", {d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead"}));
    defs.appendChild(marker);
    svg.appendChild(defs);
    const edges = svgEl("g", {class: "edges"});
    const nodes = svgEl("g", {class: "nodes"});
    svg.appendChild(edges);
    svg.appendChild(nodes);
    const nodeRadius = 22, centreRadius = 30;
    items.forEach((item, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(items.length, 1);
      const x = cx + rx * Math.cos(angle), y = cy + ry * Math.sin(angle);
      const dx = x - cx, dy = y - cy, length = Math.hypot(dx, dy) || 1;
      const ux = dx / length, uy = dy / length;
      const x1 = cx + ux * centreRadius, y1 = cy + uy * centreRadius;
      const x2 = x - ux * (nodeRadius + 2), y2 = y - uy * (nodeRadius + 2);
      const directions = new Set(item.relations.map(r => r.relation.symmetric ? "both" : r.relation.direction));
      const edge = svgEl("g", {class: "edge", "data-other": item.ref.iri});
      const line = svgEl("line", {x1: x1.toFixed(1), y1: y1.toFixed(1), x2: x2.toFixed(1), y2: y2.toFixed(1)});
      if (directions.size === 1 && directions.has("out")) line.setAttribute("marker-end", "url(#arrow)");
      if (directions.size === 1 && directions.has("in")) line.setAttribute("marker-start", "url(#arrow)");
      if (item.relations.every(r => !r.relation.asserted)) line.setAttribute("class", "unasserted");
      edge.appendChild(line);
      const mx = x1 + (x2 - x1) * 0.55, my = y1 + (y2 - y1) * 0.55;  // nearer the neighbour, away from the crowded centre
      item.relations.forEach((r, k) => {
        const label = svgEl("text", {class: "edge-label", x: mx.toFixed(1),
                                     y: (my - 4 + (k - (item.relations.length - 1) / 2) * 14).toFixed(1),
                                     "text-anchor": "middle", "data-relation": r.index}, relationLabel(r.relation));
        label.addEventListener("click", () => {
          const target = document.getElementById("relation-" + r.index);
          if (target) { target.scrollIntoView({block: "nearest"}); target.classList.add("flash"); setTimeout(() => target.classList.remove("flash"), 1200); }
        });
        edge.appendChild(label);
      });
      edges.appendChild(edge);
      drawNode(nodes, item.ref, x, y, nodeRadius, false, options.onOpen, y < cy - 1);
    });
    drawNode(nodes, {iri: view.iri, label: view.label, types: view.types, kind: view.kind}, cx, cy, centreRadius, true, null);
    container.appendChild(svg);
    return svg;
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
  function listEvidence(container, view, options) {
    const list = el("ol", {class: "relations"});
    view.relations.forEach((relation, index) => {
      const item = el("li", {id: "relation-" + index, class: "relation"});
      const heading = el("div", {class: "relation-heading"});
      heading.appendChild(el("strong", {}, relation.phrase));
      if (relation.other.types.length) heading.appendChild(el("span", {class: "types"}, " (" + relation.other.types.join(", ") + ")"));
      if (relation.dates.length) heading.appendChild(el("span", {class: "dates"}, " · " + relation.dates.join(", ")));
      item.appendChild(heading);
      const statements = el("ul", {class: "statements"});
      for (const statement of relation.statements) {
        const entry = el("li", {class: "statement " + statement.modality.toLowerCase()});
        const facts = [];
        if (statement.date) facts.push((statement.date_role === "start" ? "since " : "") + statement.date + (statement.date_text ? " (“" + statement.date_text + "”)" : ""));
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
          entry.appendChild(articleLink(evidence.article, evidence, options));
        }
        statements.appendChild(entry);
      }
      item.appendChild(statements);
      list.appendChild(item);
    });
    container.appendChild(list);
  }

  function facts(view) {
    const box = el("dl", {class: "facts"});
    const rows = [["Types", view.types.join(", ")], ["Names", [...view.other_labels, ...view.names].join(", ")]];
    for (const [name, value] of rows) {
      if (!value) continue;
      box.appendChild(el("dt", {}, name));
      box.appendChild(el("dd", {}, value));
    }
    if (view.same_as.length) {
      box.appendChild(el("dt", {}, "Links"));
      const dd = el("dd");
      view.same_as.filter(webLink).forEach((iri, i) => {
        if (i) dd.appendChild(document.createTextNode(", "));
        dd.appendChild(el("a", {href: iri, rel: "noreferrer", class: "same-as"}, iri.replace("http://www.wikidata.org/entity/", "wd:")));
      });
      box.appendChild(dd);
    }
    box.appendChild(el("dt", {}, "Articles"));
    box.appendChild(el("dd", {}, view.articles.map(a => a.article.id + " (" + a.mentions + " mention" + (a.mentions === 1 ? "" : "s") + ")").join("; ") || "none"));
    return box;
  }

  // The whole entity view: heading, facts, picture and evidence.
  function renderEntity(container, view, options) {
    options = options || {};
    container.replaceChildren();
    const heading = el("h3", {class: "entity-label"}, view.label);
    heading.appendChild(el("span", {class: "iri"}, " <" + view.iri + ">"));
    container.appendChild(heading);
    container.appendChild(facts(view));
    if (view.relations.length) {
      drawGraph(container, view, options);
      container.appendChild(el("h4", {}, "Relations and the sentences behind them"));
      listEvidence(container, view, options);
    } else {
      container.appendChild(el("p", {class: "empty"}, "No relations stated for this entity."));
    }
    if (view.quotes.length) {
      container.appendChild(el("h4", {}, "Quotes (" + view.quotes_total + ")"));
      const quotes = el("ul", {class: "quotes"});
      for (const quote of view.quotes) {
        const item = el("li");
        item.appendChild(el("q", {}, quote.text));
        item.appendChild(document.createTextNode(" — "));
        item.appendChild(articleLink(quote.article, {sentence_start: quote.start, sentence_end: quote.end, span_start: quote.start, span_end: quote.end}, options));
        quotes.appendChild(item);
      }
      container.appendChild(quotes);
    }
    listAttributions(container, "Said", view.said || [], false, options);
    listAttributions(container, "Said about it by others", view.said_about || [], true, options);
  }

  // Attributions (who said what, quoted or reported): each with its style and cue, linked to
  // its sentence in the article.
  function listAttributions(container, title, attributions, withSource, options) {
    if (!attributions.length) return;
    container.appendChild(el("h4", {}, title + " (" + attributions.length + ")"));
    const list = el("ul", {class: "attributions"});
    for (const said of attributions) {
      const item = el("li", {class: "attribution " + said.style});
      if (withSource && said.source) item.appendChild(el("strong", {}, said.source + ": "));
      item.appendChild(el("q", {}, said.text));
      const notes = [said.style, said.cue, said.addressee ? "to " + said.addressee : null, said.date].filter(Boolean);
      item.appendChild(el("span", {class: "qualifiers"}, " [" + notes.join(", ") + "] — "));
      const evidence = {sentence: said.sentence, sentence_start: said.sentence_start,
                        sentence_end: said.sentence_start + said.sentence.length, span_start: said.start, span_end: said.end};
      item.appendChild(articleLink(said.article, evidence, options));
      list.appendChild(item);
    }
    container.appendChild(list);
  }

  global.kgRenderEntity = renderEntity;
})(window);
