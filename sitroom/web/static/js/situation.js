// The situation picture on the dashboard, loaded after the first view is ready: a
// territorial-control layer (who holds each place on the timeline's end date) and an
// alerts panel. Text from the API only ever goes in through textContent (dom.js).
import { getJSON } from "./api.js";
import { el, clear, fmtNumber, safeLink } from "./dom.js";

const L = window.L;
// One colour per side, in the server's fixed order of sides (controllers), so a side
// keeps its colour while the date moves. Chosen apart from the event-type colours' use.
const SIDE_COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#666666", "#b15928"];
const UNKNOWN_COLOR = "#b8c0c8";

/** Controller -> colour for the sides listed by /control. */
function sideColors(controllers) {
  const colors = new Map();
  controllers.forEach((c, i) => colors.set(c.name, SIDE_COLORS[i % SIDE_COLORS.length]));
  return (name) => (name === "unknown" ? UNKNOWN_COLOR : colors.get(name) || UNKNOWN_COLOR);
}

/** A ring wide enough to show around the event marker at the same place. */
function placeRadius(population) {
  return Math.max(16, Math.min(24, 8 + 2 * Math.log10(Math.max(10, population || 0))));
}

export class ControlLayer {
  /** visible: whether the layer starts switched on (else it loads when the user turns it on). */
  constructor(eventMap, { visible = true, onError = () => {} } = {}) {
    this.map = eventMap.map;
    this.onError = onError;
    if (!this.map.getPane("control")) {
      // Above the base map and flows (overlay pane, 400), below the event markers (600).
      this.map.createPane("control").style.zIndex = 450;
    }
    this.group = L.layerGroup();
    eventMap.layers.addOverlay(this.group, "Territorial control");
    this.legend = L.control({ position: "bottomleft" });
    this.legend.onAdd = () => el("div", { className: "legend control-legend", attrs: { id: "control-legend" } });
    this.wanted = { date: null, country: null };
    this.request = 0;
    this.map.on("overlayadd", (e) => {
      if (e.layer !== this.group) return;
      this.legend.addTo(this.map);
      this.load(this.wanted.date, this.wanted.country).catch(this.onError);
    });
    this.map.on("overlayremove", (e) => e.layer === this.group && this.legend.remove());
    if (visible) {
      this.group.addTo(this.map);
      this.legend.addTo(this.map);
    }
  }

  /** Draws control on ``date`` (null: the latest event date); while the layer is off it
   * only remembers the date, and loads when switched on. */
  async load(date, country) {
    this.wanted = { date, country };
    if (!this.map.hasLayer(this.group)) return;
    const request = (this.request += 1);
    const data = await getJSON("/control", { date, country });
    if (request === this.request) this.draw(data);
  }

  draw(data) {
    const color = sideColors(data.controllers);
    this.group.clearLayers();
    // Admin areas first (drawn under their places), as large dashed rings.
    const features = [...data.features].sort((a, b) => (a.properties.level === "admin1" ? -1 : 1) - (b.properties.level === "admin1" ? -1 : 1));
    for (const feature of features) {
      if (!feature.geometry) continue;
      const p = feature.properties;
      const [lon, lat] = feature.geometry.coordinates;
      const area = p.level === "admin1";
      const fill = color(p.controller);
      const marker = L.circleMarker([lat, lon], {
        pane: "control",
        radius: area ? 34 : placeRadius(p.population),
        color: fill,
        weight: area ? 2 : 5,
        opacity: area ? 0.8 : 0.95,
        dashArray: area ? "6 4" : null,
        fillColor: fill,
        fillOpacity: area ? 0.08 : 0.3,
        className: area ? "control-area" : "control-place",
      });
      const since = p.since ? ` since ${p.since}` : "";
      const title = `${p.name}${area ? " (province)" : ""}: ${p.controller}${since} — confidence ${Math.round(p.confidence * 100)}%`;
      marker.bindTooltip(el("span", { text: title }), { sticky: true }); // a node, never an HTML string
      marker.bindPopup(() => controlPopup(p, title), { maxWidth: 340 });
      marker.on("add", () => {
        const node = marker.getElement();
        if (node) {
          node.dataset.controller = p.controller;
          node.dataset.place = p.name;
        }
      });
      this.group.addLayer(marker);
    }
    this.drawLegend(data, color);
  }

  drawLegend(data, color) {
    const node = document.getElementById("control-legend");
    if (!node) return;
    clear(node);
    node.append(el("strong", { text: `Control on ${data.date}` }));
    const held = data.held_places || {};
    const sides = data.controllers.filter((c) => held[c.name]);
    if (!sides.length) node.append(el("div", { className: "legend-row", text: "no place with known control" }));
    for (const side of sides) {
      const swatch = el("span", { className: "swatch" });
      swatch.style.backgroundColor = color(side.name);
      node.append(el("div", { className: "legend-row", data: { controller: side.name } }, swatch, el("span", { text: `${side.name} (${fmtNumber(held[side.name])})` })));
    }
    node.append(el("div", { className: "legend-note", text: "rings: places · dashed: provinces" }));
  }
}

function controlPopup(p, title) {
  const box = el("div", { className: "control-popup" }, el("strong", { text: title }));
  if (p.basis) box.append(el("p", { className: "control-basis", text: p.basis }));
  if (p.sources.length) {
    const list = el("ul", { className: "sources" });
    for (const s of p.sources.slice(0, 5)) list.append(el("li", {}, s.url ? safeLink(s.url, s.cite) : el("span", { text: s.cite })));
    box.append(list);
  }
  for (const sentence of (p.evidence || []).slice(0, 2)) box.append(el("blockquote", { className: "control-evidence", text: sentence }));
  return box;
}

const DIMENSION_LABELS = { admin1: "Area", event_type: "Type", actor: "Actor" };
// The panel lists the most significant alerts first; a long tail is counted, not drawn.
const MAX_ALERTS_SHOWN = 100;

/** The alerts panel: escalations from the API; clicking one applies its filter. */
export class AlertsPanel {
  constructor(listNode, noteNode, onPick) {
    this.listNode = listNode;
    this.noteNode = noteNode;
    this.onPick = onPick;
  }

  /** since: the first day to list alerts for (the store's first event date by default). */
  async load(since, country) {
    const data = await getJSON("/alerts", { since: since || "7d", country });
    this.render(data);
    return data;
  }

  render(data) {
    clear(this.listNode);
    const total = data.alerts.length;
    const shown = total > MAX_ALERTS_SHOWN ? `${MAX_ALERTS_SHOWN} most significant of ${fmtNumber(total)}` : String(total);
    this.noteNode.textContent = `${shown} · ${data.method.test.replace(/^alert when /, "when ")}`;
    if (!total) this.listNode.append(el("li", { className: "alert-empty", text: "No escalation against the trailing baseline." }));
    data.alerts.slice(0, MAX_ALERTS_SHOWN).forEach((alert, i) => {
      const row = el(
        "li",
        { className: "alert-row", attrs: { tabindex: 0, role: "button", title: alert.description }, data: { alertIndex: i } },
        el("span", { className: "row-date", text: alert.date }),
        el("span", { className: "alert-key" }, el("span", { className: "alert-dim", text: `${DIMENSION_LABELS[alert.dimension] || alert.dimension}: ` }), alert.key),
        el("span", { className: "alert-count", text: `${alert.count} vs ${alert.baseline.toFixed(1)}/day` }),
      );
      const pick = () => {
        for (const node of this.listNode.querySelectorAll(".alert-row.selected")) node.classList.remove("selected");
        row.classList.add("selected");
        this.onPick(alert);
      };
      row.addEventListener("click", pick);
      row.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && pick());
      this.listNode.append(row);
    });
  }

  /** In place of the list: a button that loads it (for stores too large to load it unasked). */
  offerLoad(message, load) {
    clear(this.listNode);
    this.noteNode.textContent = "";
    const button = el("button", { className: "alerts-load", text: message, attrs: { type: "button" } });
    button.addEventListener("click", () => {
      button.disabled = true;
      button.textContent = "Computing alerts…";
      load();
    });
    this.listNode.append(el("li", { className: "alert-empty" }, button));
  }

  unselect() {
    for (const node of this.listNode.querySelectorAll(".alert-row.selected")) node.classList.remove("selected");
  }
}
