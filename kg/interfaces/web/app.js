// The page kg serve shows at /: a query box with the competency questions, results as a table,
// and the entity view (graph.js). Talks only to this server: /sparql, /entity, /examples.
"use strict";

(function () {
  // kg's predeclared prefixes, from the server (/prefixes), longest namespace first.
  let PREFIXES = [];
  const prefixesLoaded = fetch("/prefixes").then(r => r.json()).then(table => {
    PREFIXES = Object.entries(table).sort((a, b) => b[1].length - a[1].length);
  });
  const ENTITY_PATH = /^https:\/\/w3id\.org\/kg-news\/id\/(person|organization|country|city|place)\//;
  const ARTICLE_PATH = /^https:\/\/w3id\.org\/kg-news\/id\/article\/([^\/#]+)$/;
  const $ = id => document.getElementById(id);

  // SPARQL's PN_LOCAL without escapes, as kg.namespaces.PN_LOCAL: what may follow "prefix:".
  const PN_CHARS_BASE = "A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D" +
    "\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
  const PN_CHARS = PN_CHARS_BASE + "_\\-0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040";
  const PERCENT = "%[0-9A-Fa-f]{2}";
  const PN_LOCAL = new RegExp(`^(?:(?:[${PN_CHARS_BASE}_:0-9]|${PERCENT})(?:(?:[${PN_CHARS}.:]|${PERCENT})*(?:[${PN_CHARS}:]|${PERCENT}))?)?$`, "u");

  // An IRI as kg query prints it: prefix:local when that is a valid prefixed name, else <IRI>,
  // so whatever the table shows pastes back into the query box.
  function short(iri) {
    for (const [prefix, ns] of PREFIXES) {
      if (iri.startsWith(ns)) {
        const local = iri.slice(ns.length);
        if (PN_LOCAL.test(local)) return prefix + ":" + local;
        break;
      }
    }
    return "<" + iri + ">";
  }

  // An IRI cell: its short form, which pastes back into the query box; once the server has
  // named the IRIs of a table (nameCells), an entity's cell becomes a link labelled with its name.
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      td.appendChild(Object.assign(document.createElement("span"), {className: "short", textContent: short(term.value)}));
      td.dataset.iri = term.value;
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
    // SELECT * comes in the query's order already: the server puts it so for every client.
    const vars = data.head.vars;
    for (const v of vars) head.appendChild(Object.assign(document.createElement("th"), {textContent: v}));
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of vars) row.appendChild(cell(binding[v]));
    }
    results.appendChild(table);
    nameCells(table);
    return data.results.bindings.length;
  }

  async function nameCells(table) {
    const cells = [...table.querySelectorAll("td[data-iri]")];
    if (!cells.length) return;
    const iris = [...new Set(cells.map(td => td.dataset.iri))].slice(0, 500);
    const response = await fetch("/names", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(iris)});
    if (!response.ok) return;
    const names = await response.json();
    for (const td of cells) {
      const iri = td.dataset.iri, name = names[iri];
      const article = ARTICLE_PATH.exec(iri);
      if (article) {  // an article leads to its page
        const a = Object.assign(document.createElement("a"), {href: "/article?id=" + article[1], className: "article-link",
                                                              textContent: decodeURIComponent(article[1])});
        td.prepend(a, " ");
        continue;
      }
      if (name === undefined) continue;
      const a = Object.assign(document.createElement("a"), {href: "#entity=" + encodeURIComponent(iri), textContent: name,
                                                            className: "entity-link"});
      if (ENTITY_PATH.test(iri)) a.addEventListener("click", e => { e.preventDefault(); openEntity(iri); });
      else a.removeAttribute("href");
      td.prepend(a, " ");
    }
    table.classList.add("named");
  }

  async function runQuery() {
    const status = $("query-status");
    status.textContent = "Running…";
    status.className = "";
    const started = performance.now();
    const query = $("query").value;
    try {
      await prefixesLoaded;
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
        body: query,
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

  // Each entity opened is a history entry of its own (#entity=IRI): Back returns to the one
  // before, and an address edited by hand opens what it names.
  async function openEntity(name, fromHistory) {
    const status = $("entity-status");
    const view = $("entity-view");
    await prefixesLoaded;
    $("entity-name").value = /^https?:\/\//.test(name) ? short(name) : name;
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
    const hash = "#entity=" + encodeURIComponent(data.iri);
    if (!fromHistory && location.hash !== hash) history.pushState({entity: data.iri}, "", hash);
    else if (location.hash !== hash) history.replaceState({entity: data.iri}, "", hash);
    shownEntity = data.iri;
    document.querySelector("main").classList.add("entity-open");  // the entity takes the width: no empty panel beside it
    const articleHref = (article, evidence) => "/article?id=" + encodeURIComponent(article.id)
        + (evidence && evidence.span_start !== null ? "&start=" + evidence.span_start + "&end=" + evidence.span_end
           : evidence ? "&start=" + evidence.sentence_start + "&end=" + evidence.sentence_end : "")
        + "&from=" + encodeURIComponent(data.iri);
    kgRenderEntity(view, data, {
      onOpen: openEntity,
      articleHref,
      fetchEntity: async iri => {
        const answer = await fetch("/entity?name=" + encodeURIComponent(iri));
        return answer.ok ? answer.json() : null;
      },
      timeline: (container, entity) => container.appendChild(timelineBox(entity, articleHref)),
    });
    view.scrollIntoView({block: "start"});
  }

  // The timeline of the entity, alone or with another one named in the box.
  function timelineBox(entity, articleHref) {
    const box = document.createElement("details");
    box.className = "timeline-box";
    const summary = Object.assign(document.createElement("summary"), {textContent: "Timeline"});
    box.appendChild(summary);
    const form = document.createElement("form");
    form.className = "timeline-form";
    const other = Object.assign(document.createElement("input"), {type: "search", placeholder: "with… (another name, optional)",
                                                                  className: "timeline-with"});
    other.setAttribute("aria-label", "Only the statements with this entity");
    other.setAttribute("list", "entity-suggestions");
    other.addEventListener("input", () => suggestNames(other.value));
    const button = Object.assign(document.createElement("button"), {type: "submit", textContent: "Show the timeline"});
    form.append(other, button);
    const out = document.createElement("div");
    out.className = "timeline-view";
    out.setAttribute("aria-live", "polite");
    form.addEventListener("submit", async e => {
      e.preventDefault();
      const url = "/timeline?name=" + encodeURIComponent(entity.iri)
        + (other.value.trim() ? "&with=" + encodeURIComponent(suggestedIri(other.value.trim())) : "");
      const answer = await fetch(url);
      const data = await answer.json();
      if (!answer.ok) { out.replaceChildren(Object.assign(document.createElement("p"), {className: "error", textContent: data.error})); return; }
      kgRenderTimeline(out, data, {articleHref});
    });
    box.addEventListener("toggle", () => { if (box.open && !out.childElementCount) form.requestSubmit(); });
    box.append(form, out);
    return box;
  }

  // Names as they are typed, from the store (/suggest), offered in a datalist.
  const suggested = new Map();
  let suggesting = null;
  function suggestNames(typed) {
    clearTimeout(suggesting);
    suggesting = setTimeout(async () => {
      if (typed.trim().length < 2) return;
      const answer = await fetch("/suggest?q=" + encodeURIComponent(typed.trim()));
      if (!answer.ok) return;
      const list = $("entity-suggestions");
      list.replaceChildren();
      for (const item of await answer.json()) {
        const option = document.createElement("option");
        option.value = item.label;
        option.textContent = item.description || item.kind.toLowerCase();  // "person, President": one name, told apart
        list.appendChild(option);
        if (!suggested.has(item.label.toLowerCase())) suggested.set(item.label.toLowerCase(), new Set());
        suggested.get(item.label.toLowerCase()).add(item.iri);
      }
    }, 150);
  }

  // A name the box suggested stands for its entity (the one entity of that name, if only one).
  function suggestedIri(name) {
    const iris = suggested.get(name.toLowerCase());
    return iris && iris.size === 1 ? [...iris][0] : name;
  }

  // The start page: the most-mentioned entities and the latest articles.
  async function loadHome() {
    const answer = await fetch("/home");
    if (!answer.ok) return;
    const data = await answer.json();
    const entities = $("top-entities"), articles = $("latest-articles");
    for (const entity of data.entities) {
      const item = document.createElement("li");
      const a = Object.assign(document.createElement("a"), {href: "#entity=" + encodeURIComponent(entity.iri), textContent: entity.label,
                                                            className: "entity-link " + entity.kind.toLowerCase()});
      a.addEventListener("click", e => { e.preventDefault(); openEntity(entity.iri); });
      item.append(a, " " + entity.mentions + " mention" + (entity.mentions === 1 ? "" : "s"));
      entities.appendChild(item);
    }
    for (const article of data.articles) {
      const item = document.createElement("li");
      const a = Object.assign(document.createElement("a"), {href: "/article?id=" + encodeURIComponent(article.id), textContent: article.title});
      item.append(a, article.date ? " (" + article.date + ")" : "");
      articles.appendChild(item);
    }
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
  $("entity-form").addEventListener("submit", e => { e.preventDefault(); if ($("entity-name").value.trim()) openEntity(suggestedIri($("entity-name").value.trim())); });
  $("entity-name").addEventListener("input", () => suggestNames($("entity-name").value));
  loadExamples();
  loadHome();
  let shownEntity = null;
  const followAddress = () => {
    const wanted = new URLSearchParams(location.hash.slice(1)).get("entity");
    if (wanted && wanted !== shownEntity) openEntity(wanted, true);
  };
  window.addEventListener("popstate", followAddress);
  window.addEventListener("hashchange", followAddress);
  followAddress();
})();
