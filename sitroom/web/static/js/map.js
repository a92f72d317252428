// The map: offline Natural Earth countries, server-side clusters merged further by
// leaflet.markercluster, displacement arrows, a legend and an opt-in online tile layer.
import { el, clear, fmtNumber } from "./dom.js";
import { typeColor } from "./colors.js";

const L = window.L;

export class EventMap {
  /** extent: [west, south, east, north] of the data, or null for a world view. */
  constructor(container, extent, { onSelect, onViewChange, onCell }) {
    this.onSelect = onSelect;
    this.onCell = onCell;
    this.onViewChange = onViewChange;
    this.map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 14 });
    if (extent) {
      const [west, south, east, north] = extent;
      this.map.fitBounds([[south, west], [north, east]], { maxZoom: 8, padding: [20, 20], animate: false });
    } else {
      this.map.setView([30, 20], 3);
    }
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth (public domain)");
    this.base = L.geoJSON(null, {
      interactive: false,
      style: { color: "#8795a3", weight: 0.7, fillColor: "#eef1ec", fillOpacity: 1 },
    }).addTo(this.map);
    this.tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: "© OpenStreetMap contributors",
    });
    this.clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: (cluster) => this.clusterIcon(cluster),
    }).addTo(this.map);
    this.flows = L.layerGroup().addTo(this.map);
    this.highlight = L.layerGroup().addTo(this.map);
    this.layers = L.control
      .layers(null, { "Online map tiles (needs internet)": this.tiles, "Displacement flows": this.flows, Events: this.clusters }, { collapsed: true })
      .addTo(this.map);
    this.legend = L.control({ position: "bottomright" });
    this.legend.onAdd = () => el("div", { className: "legend", attrs: { id: "legend" } });
    this.legend.addTo(this.map);
    this.map.on("moveend", () => this.onViewChange());
    this.tiles.on("add", () => this.base.setStyle({ fillOpacity: 0 }));
    this.tiles.on("remove", () => this.base.setStyle({ fillOpacity: 1 }));
  }

  setBasemap(geojson) {
    this.base.clearLayers();
    this.base.addData(geojson);
  }

  /** Padded bbox of the view as west,south,east,north, clamped to the world. */
  viewBbox() {
    const b = this.map.getBounds().pad(0.2);
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    const west = b.getWest() < -180 || b.getEast() > 180 ? -180 : b.getWest();
    const east = b.getWest() < -180 || b.getEast() > 180 ? 180 : b.getEast();
    return [west, clamp(b.getSouth(), -90, 90), east, clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4)).join(",");
  }

  zoom() {
    return this.map.getZoom();
  }

  markerIcon(count, type, single) {
    const dot = el("div", { className: single ? "event-dot" : "cell-dot" }, single ? null : el("span", { text: shortCount(count) }));
    dot.style.backgroundColor = typeColor(type);
    const size = single ? 14 : Math.round(22 + 6 * Math.log10(count));
    dot.style.width = `${size}px`;
    dot.style.height = `${size}px`;
    return L.divIcon({ html: dot, className: single ? "event-marker" : "cell-marker", iconSize: [size, size] });
  }

  clusterIcon(cluster) {
    const byType = new Map();
    let total = 0;
    for (const marker of cluster.getAllChildMarkers()) {
      total += marker.options.count;
      byType.set(marker.options.eventType, (byType.get(marker.options.eventType) || 0) + marker.options.count);
    }
    const top = [...byType.entries()].sort((a, b) => b[1] - a[1])[0][0];
    return this.markerIcon(total, top, false);
  }

  /** Draws the server's grid cells; a cell of one event opens it on click. */
  setClusters(payload) {
    this.clusters.clearLayers();
    const markers = payload.clusters.map((c) => {
      const single = c.count === 1 && c.id;
      const marker = L.marker([c.latitude, c.longitude], {
        icon: this.markerIcon(c.count, c.event_type, single),
        count: c.count,
        eventType: c.event_type,
        title: single ? `${c.event_type}${c.place ? ` — ${c.place}` : ""}` : `${fmtNumber(c.count)} events`,
        keyboard: true,
      });
      if (single) {
        marker.on("click", () => this.onSelect(c.id));
        marker.on("add", () => marker.getElement() && (marker.getElement().dataset.eventId = c.id));
      } else {
        marker.on("click", () => this.openCell(c, payload.cell_degrees));
      }
      return marker;
    });
    this.clusters.addLayers(markers);
  }

  /** Zooms into a cell; when it cannot split further, lists its events in a popup. */
  openCell(cell, cellDegrees) {
    const zoom = this.map.getZoom();
    if (zoom < 12) {
      this.map.setView([cell.latitude, cell.longitude], Math.min(zoom + 2, 14));
      return;
    }
    const h = cellDegrees;
    const bbox = [cell.longitude - h, cell.latitude - h, cell.longitude + h, cell.latitude + h].map((v) => v.toFixed(5)).join(",");
    const box = el("div", { className: "cell-popup" }, el("strong", { text: `${fmtNumber(cell.count)} events here` }));
    const popup = L.popup({ maxHeight: 260 }).setLatLng([cell.latitude, cell.longitude]).setContent(box).openOn(this.map);
    this.onCell(bbox).then((events) => {
      const list = el("ul", {});
      for (const ev of events) {
        const item = el("li", {}, el("a", { text: `${ev.event_date || "undated"} ${ev.sub_event_type || ev.event_type}`, attrs: { href: "#" } }));
        item.addEventListener("click", (e) => {
          e.preventDefault();
          this.onSelect(ev.id);
        });
        list.append(item);
      }
      box.append(list);
      popup.update();
    });
  }

  /** Arrows from each displacement origin to its destination. */
  setFlows(flows) {
    this.flows.clearLayers();
    const color = typeColor("Displacement");
    for (const f of flows) {
      const from = L.latLng(f.origin_latitude, f.origin_longitude);
      const to = L.latLng(f.destination_latitude, f.destination_longitude);
      const weight = f.displaced ? Math.min(7, 1.5 + Math.log10(f.displaced)) : 2;
      const title = `${f.origin || "?"} → ${f.destination || "?"}${f.displaced ? ` (${fmtNumber(f.displaced)})` : ""}`;
      const line = L.polyline([from, to], { color, weight, opacity: 0.85, className: "flow-arrow" });
      const head = L.polyline(arrowHead(from, to), { color, weight, opacity: 0.85, className: "flow-arrow" });
      for (const part of [line, head]) {
        part.bindTooltip(el("span", { text: title }), { sticky: true }); // a node: Leaflet would parse a string as HTML
        part.on("click", () => this.onSelect(f.id));
        this.flows.addLayer(part);
      }
    }
  }

  setLegend(byType) {
    const node = document.getElementById("legend");
    if (!node) return;
    clear(node);
    node.append(el("strong", { text: "Event types" }));
    for (const item of byType) {
      const swatch = el("span", { className: "swatch" });
      swatch.style.backgroundColor = typeColor(item.name);
      node.append(el("div", { className: "legend-row" }, swatch, el("span", { text: `${item.name} (${fmtNumber(item.count)})` })));
    }
  }

  showSelected(event) {
    this.highlight.clearLayers();
    if (event && event.place) {
      L.circleMarker([event.place.lat, event.place.lon], { radius: 14, color: "#111", weight: 2, fill: false, interactive: false }).addTo(this.highlight);
    }
  }
}

function shortCount(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** Two short strokes at the destination end of a line, in degrees (good enough at map scale). */
function arrowHead(from, to) {
  const dx = to.lng - from.lng;
  const dy = to.lat - from.lat;
  const length = Math.hypot(dx, dy) || 1;
  const size = Math.min(0.35, length * 0.25);
  const angle = Math.atan2(dy, dx);
  const wing = (delta) => L.latLng(to.lat - size * Math.sin(angle + delta), to.lng - size * Math.cos(angle + delta));
  return [wing(0.45), to, wing(-0.45)];
}
