// The event detail panel: fields, sources and evidence sentences with the extracted
// words highlighted. Document text is untrusted: it is only ever set as textContent.
import { getJSON } from "./api.js";
import { el, clear, fmtNumber, safeLink } from "./dom.js";
import { displayType, typeColor } from "./colors.js";

const FIELD_LABELS = {
  event_type: "type",
  sub_event_type: "sub-type",
  actor1: "actor 1",
  actor2: "actor 2",
  assoc_actor_1: "associated actor 1",
  assoc_actor_2: "associated actor 2",
  location: "place",
  place: "place",
  destination: "destination",
  event_date: "date",
  date: "date",
  fatalities: "fatalities",
  displaced: "displaced",
  reporting_source: "reporting source",
};

const label = (name) => FIELD_LABELS[name] || name.replaceAll("_", " ");

function placeText(place, fallback) {
  if (!place) return fallback || "—";
  const parts = [...new Set([place.name, place.admin1, place.country].filter(Boolean))];
  return `${parts.join(", ")} (${place.lat.toFixed(3)}, ${place.lon.toFixed(3)})`;
}

function row(name, value) {
  if (value === null || value === undefined || value === "") return null;
  return [el("dt", { text: name }), el("dd", { text: value })];
}

/**
 * A stretch of text split at every range boundary; pieces inside the sentence get the
 * sentence class, pieces inside a field span become <mark data-field=...>.
 */
export function highlighted(text, offset, sentence, fields) {
  const end = offset + text.length;
  const clip = (a, b) => [Math.max(offset, a), Math.min(end, b)];
  const spans = Object.entries(fields || {})
    .map(([name, s]) => ({ name, range: clip(s.start, s.end) }))
    .filter((s) => s.range[0] < s.range[1]);
  const cuts = new Set([offset, end, ...clip(sentence.start, sentence.end)]);
  for (const s of spans) s.range.forEach((c) => cuts.add(c));
  const points = [...cuts].filter((c) => c >= offset && c <= end).sort((a, b) => a - b);
  const root = el("p", { className: "evidence-text" });
  for (let i = 0; i < points.length - 1; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const piece = text.slice(a - offset, b - offset);
    const covering = spans.filter((s) => s.range[0] <= a && s.range[1] >= b);
    let node;
    if (covering.length) {
      const names = covering.map((s) => label(s.name)).join(", ");
      node = el("mark", { text: piece, attrs: { title: names }, data: { field: covering.map((s) => s.name).join(" ") } });
    } else {
      node = document.createTextNode(piece);
    }
    const inSentence = a >= sentence.start && b <= sentence.end;
    root.append(inSentence ? el("span", { className: "sentence" }, node) : node);
  }
  return root;
}

/** One line per decision of /events/{id}/explain: opened, or joined because of what. */
function explainItems(data) {
  return data.decisions.map((d) => {
    const who = `${d.title || d.document_id} (${d.source || "?"}, ${d.published || "?"})`;
    if (d.action === "new") return el("li", { text: `${who} opened the event` });
    const reasons = Object.entries(d.reasons || {})
      .map(([k, v]) => `${k.replaceAll("_", " ")}: ${typeof v === "object" ? JSON.stringify(v) : v}`)
      .join("; ");
    const score = typeof d.score === "number" ? d.score.toFixed(2) : d.score;
    return el("li", { text: `${who} joined (score ${score}) — ${reasons}` });
  });
}

/** The other reports of the same fused event, one entry per article with its records;
 * a record opens on click. */
function fusedSection(fused, eventId, currentDocument, onSelect) {
  const others = fused ? fused.other_reports : [];
  const box = el("section", { className: "fused" });
  const articles = new Map();
  for (const r of others) {
    if (!articles.has(r.document_id)) articles.set(r.document_id, { first: r, records: [] });
    articles.get(r.document_id).records.push(r);
  }
  const elsewhere = [...articles.keys()].filter((id) => id !== currentDocument).length;
  box.append(el("h3", { text: others.length ? `Other reports of this event (${elsewhere} other article${elsewhere === 1 ? "" : "s"}, ${others.length} record${others.length === 1 ? "" : "s"})` : "Other reports of this event" }));
  if (!others.length) {
    box.append(el("p", { className: "fused-meta", text: "Only this record tells this event." }));
    return box;
  }
  const list = el("ul", { className: "fused-reports" });
  for (const [documentId, { first, records }] of articles) {
    const same = documentId === currentDocument ? " (this article)" : "";
    const meta = [first.source, first.published].filter(Boolean).join(", ");
    const entry = el("li", { className: "fused-article" }, el("span", { text: `${first.title || documentId}${same}` }), el("span", { className: "fused-meta", text: meta ? ` — ${meta}` : "" }));
    const items = el("ul", { className: "fused-records" });
    for (const r of records) {
      const deaths = r.fatalities !== null && r.fatalities !== undefined ? ` · ${fmtNumber(r.fatalities)} killed` : "";
      const what = [r.sub_event_type, r.place_name, r.event_date].filter(Boolean).join(" · ");
      const item = el("li", { className: "fused-record", text: `${what}${deaths}`, attrs: { tabindex: 0, role: "button" }, data: { eventId: r.event_id } });
      item.addEventListener("click", () => onSelect && onSelect(r.event_id));
      item.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && onSelect && onSelect(r.event_id));
      items.append(item);
    }
    entry.append(items);
    list.append(entry);
  }
  box.append(list);
  const why = el("button", { className: "explain-button", text: "Why were these merged?", attrs: { type: "button" } });
  why.addEventListener("click", async () => {
    why.disabled = true;
    try {
      const data = await getJSON(`/events/${encodeURIComponent(eventId)}/explain`);
      why.replaceWith(el("ol", { className: "explain-list" }, ...explainItems(data)));
    } catch (err) {
      why.replaceWith(el("p", { className: "fused-meta", text: `Could not explain: ${err.message}` }));
    }
  });
  box.append(why);
  return box;
}

export function renderDetail(container, detail, { onSelect } = {}) {
  clear(container);
  const ev = detail.event;
  const type = displayType(ev);
  const swatch = el("span", { className: "swatch" });
  swatch.style.backgroundColor = typeColor(type);
  container.append(
    el("h2", { className: "detail-title" }, swatch, ev.sub_event_type || type),
    el("p", { className: "detail-kind", text: ev.kind === "displacement" ? "Displacement record" : type }),
  );
  const actors = [ev.actor1, ev.assoc_actor_1].filter(Boolean).join(" with ");
  const targets = [ev.actor2, ev.assoc_actor_2].filter(Boolean).join(" with ");
  const date = ev.event_date ? `${ev.event_date}${ev.date_precision && ev.date_precision !== "day" ? ` (${ev.date_precision})` : ""}` : "not given";
  const rows = [
    row("Type", type),
    row("Sub-type", ev.sub_event_type),
    row("Date", date),
    row("Actor 1", actors),
    row("Actor 2", targets),
    row(ev.kind === "displacement" ? "From" : "Place", placeText(ev.place, ev.location_text)),
    ev.kind === "displacement" ? row("To", placeText(ev.destination, ev.destination_text)) : null,
    row("Geo precision", ev.geo_precision),
    row("Fatalities", ev.fatalities === null || ev.fatalities === undefined ? "" : fmtNumber(ev.fatalities)),
    row("Displaced", ev.displaced ? fmtNumber(ev.displaced) : ev.displaced_magnitude),
    row("Reported by", ev.reporting_source),
    row("Event id", ev.id),
  ]
    .filter(Boolean)
    .flat();
  container.append(el("dl", { className: "fields" }, ...rows));

  container.append(el("h3", { text: "Sources" }));
  const sources = el("ul", { className: "sources" });
  for (const s of detail.sources) {
    const meta = [s.source, s.published].filter(Boolean).join(", ");
    sources.append(
      el("li", {}, s.url ? safeLink(s.url, s.title || s.url) : el("span", { text: s.title || s.id }), meta ? ` — ${meta}` : "", " ", el("code", { text: s.id })),
    );
  }
  container.append(sources);
  container.append(fusedSection(detail.fused, ev.id, ev.document_id, onSelect));

  container.append(el("h3", { text: `Evidence (${detail.evidence.length})` }));
  const list = el("div", { className: "evidence" });
  for (const item of detail.evidence) {
    const para = item.paragraph || { start: item.start, text: item.text };
    const block = el("blockquote", { className: "evidence-item" }, highlighted(para.text, para.start, item, item.fields));
    const names = Object.keys(item.fields || {});
    if (names.length) block.append(el("p", { className: "field-list", text: `highlighted: ${names.map(label).join(", ")}` }));
    list.append(block);
  }
  if (!detail.evidence.length) list.append(el("p", { text: "No evidence sentences stored for this record." }));
  container.append(list);
}
