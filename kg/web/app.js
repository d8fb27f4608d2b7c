// The page kg serve shows at /: a query box with the competency questions, results as a table,
// and the entity view (graph.js). Talks only to this server: /sparql, /entity, /examples.
"use strict";

(function () {
  const PREFIXES = {
    "kgo:": "https://w3id.org/kg-news/ontology#",
    "kgr:": "https://w3id.org/kg-news/id/",
    "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
    "owl:": "http://www.w3.org/2002/07/owl#",
    "xsd:": "http://www.w3.org/2001/XMLSchema#",
    "skos:": "http://www.w3.org/2004/02/skos/core#",
    "schema:": "https://schema.org/",
    "nif:": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "wd:": "http://www.wikidata.org/entity/",
  };
  const ENTITY_PATH = /^https:\/\/w3id\.org\/kg-news\/id\/(person|organization|country|city|place)\//;
  const $ = id => document.getElementById(id);

  function short(iri) {
    for (const [prefix, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      if (ENTITY_PATH.test(term.value)) {
        const a = document.createElement("a");
        a.href = "#entity=" + encodeURIComponent(term.value);
        a.textContent = short(term.value);
        a.className = "entity-link";
        a.addEventListener("click", e => { e.preventDefault(); openEntity(term.value); });
        td.appendChild(a);
      } else {
        td.textContent = short(term.value);
      }
      td.title = term.value;
    } else {
      td.textContent = term.value;
      if (term.datatype) td.title = short(term.datatype);
    }
    return td;
  }

  function showTable(data) {
    const results = $("results");
    results.replaceChildren();
    if (data.boolean !== undefined) {
      results.appendChild(Object.assign(document.createElement("p"), {className: "boolean", textContent: String(data.boolean)}));
      return 1;
    }
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) head.appendChild(Object.assign(document.createElement("th"), {textContent: v}));
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) row.appendChild(cell(binding[v]));
    }
    results.appendChild(table);
    return data.results.bindings.length;
  }

  async function runQuery() {
    const status = $("query-status");
    status.textContent = "Running…";
    status.className = "";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
        body: $("query").value,
      });
      const text = await response.text();
      if (!response.ok) {
        $("results").replaceChildren(Object.assign(document.createElement("pre"), {className: "error", textContent: text}));
        status.textContent = "Error " + response.status;
        status.className = "error";
        return;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if ((response.headers.get("content-type") || "").startsWith("text/turtle")) {
        $("results").replaceChildren(Object.assign(document.createElement("pre"), {className: "turtle", textContent: text}));
        status.textContent = "Graph in " + seconds + " s";
        return;
      }
      const rows = showTable(JSON.parse(text));
      status.textContent = rows + " row" + (rows === 1 ? "" : "s") + " in " + seconds + " s";
    } catch (error) {
      status.textContent = "The server did not answer: " + error;
      status.className = "error";
    }
  }

  async function openEntity(name) {
    const status = $("entity-status");
    const view = $("entity-view");
    $("entity-name").value = name.startsWith("https://w3id.org/kg-news/id/") ? name.replace("https://w3id.org/kg-news/id/", "kgr:") : name;
    status.textContent = "Looking up…";
    status.className = "";
    const response = await fetch("/entity?name=" + encodeURIComponent(name));
    const data = await response.json();
    if (!response.ok) {
      status.textContent = data.error;
      status.className = "error";
      view.replaceChildren();
      for (const candidate of data.candidates || []) {
        const button = Object.assign(document.createElement("button"), {type: "button", className: "candidate", textContent: candidate.label});
        button.addEventListener("click", () => openEntity(candidate.iri));
        view.appendChild(button);
      }
      return;
    }
    status.textContent = "";
    history.replaceState(null, "", "#entity=" + encodeURIComponent(data.iri));
    kgRenderEntity(view, data, {
      onOpen: openEntity,
      articleHref: (article, evidence) => "/article?id=" + encodeURIComponent(article.id)
        + (evidence && evidence.span_start !== null ? "&start=" + evidence.span_start + "&end=" + evidence.span_end
           : evidence ? "&start=" + evidence.sentence_start + "&end=" + evidence.sentence_end : ""),
    });
    view.scrollIntoView({block: "start"});
  }

  async function loadExamples() {
    const select = $("examples");
    const examples = await (await fetch("/examples")).json();
    for (const example of examples) {
      const option = document.createElement("option");
      option.value = example.name;
      option.textContent = example.name + ": " + example.title;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      const chosen = examples.find(e => e.name === select.value);
      if (chosen) $("query").value = chosen.query;
    });
  }

  $("run").addEventListener("click", runQuery);
  $("query").addEventListener("keydown", e => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) runQuery(); });
  $("entity-form").addEventListener("submit", e => { e.preventDefault(); if ($("entity-name").value.trim()) openEntity($("entity-name").value.trim()); });
  loadExamples();
  const wanted = new URLSearchParams(location.hash.slice(1)).get("entity");
  if (wanted) openEntity(wanted);
})();
