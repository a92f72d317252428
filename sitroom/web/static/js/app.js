// Dashboard wiring: filters + timeline period -> map clusters, flows, list; detail on click.
// The situation picture (control layer, alerts) loads after the first view is ready.
import { getJSON } from "./api.js";
import { el, clear, fmtNumber } from "./dom.js";
import { renderDetail } from "./detail.js";
import { renderList } from "./list.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
// The server pre-computes the unfiltered first page and flows for these sizes.
const PAGE = 100;
const FLOWS = 100;
// Control and alerts are computed on the server (about 0.7 s and 1.4 s cold for 100,000
// records, docs/BENCHMARKS.md); above this many records they load only when the user asks
// for them (the server's AUTO_SITUATION_MAX_RECORDS, which decides what it pre-computes).
const AUTO_SITUATION_MAX_RECORDS = 200000;

// extra: filters with no form field (an alert's admin1 area).
const state = { filters: {}, extra: {}, range: null, cursor: null, selected: null, generation: 0, stats: null };
// The lazily loaded situation module's parts: { control, alerts } once ready.
const situation = { control: null, alerts: null };

function showMessage(text) {
  const node = $("message");
  node.textContent = text || "";
  node.hidden = !text;
}

function readFilters() {
  return {
    type: $("f-type").value,
    sub_type: $("f-sub-type").value,
    actor: $("f-actor").value.trim(),
    country: $("f-country").value,
    q: $("f-q").value.trim(),
  };
}

const currentFilters = () => ({ ...readFilters(), ...state.extra });

const withRange = () => ({ ...state.filters, since: state.range?.since, until: state.range?.until });

function fillSelect(select, items) {
  const current = select.value;
  for (const item of items) select.append(el("option", { text: `${item.name} (${fmtNumber(item.count)})`, attrs: { value: item.name } }));
  select.value = current;
}

async function loadOptions() {
  // top=200 is the request the server pre-computes at start-up (FIRST_VIEW_STATS_TOP).
  const stats = await getJSON("/stats", { top: 200 });
  fillSelect($("f-type"), stats.by_type);
  fillSelect($("f-sub-type"), stats.by_sub_type);
  fillSelect($("f-country"), stats.by_country);
  const actors = $("actor-names");
  for (const a of stats.by_actor) actors.append(el("option", { attrs: { value: a.name } }));
  return stats;
}

async function loadTimeline(timeline, map) {
  const stats = await getJSON("/stats", state.filters);
  timeline.setData(stats.by_day, stats.timeline_range);
  map.setLegend(stats.by_type);
}

async function loadMap(map) {
  const generation = state.generation;
  const clusters = await getJSON("/clusters", { ...withRange(), zoom: map.zoom(), bbox: map.viewBbox() });
  if (generation === state.generation) map.setClusters(clusters);
}

async function loadFlows(map) {
  const flows = await getJSON("/flows", { ...withRange(), limit: FLOWS });
  map.setFlows(flows.flows);
}

async function loadList(append = false) {
  const params = { ...withRange(), limit: PAGE };
  if (append && state.cursor) params.cursor = state.cursor;
  const page = await getJSON("/events", params);
  state.cursor = page.next_cursor;
  renderList($("event-list"), $("list-title"), page, append, selectEvent);
  $("list-more").hidden = !page.next_cursor;
  $("summary").textContent = `${fmtNumber(page.total)} records${state.range ? ` from ${state.range.since} to ${state.range.until}` : ""}`;
}

let map;

async function selectEvent(id) {
  try {
    const detail = await getJSON(`/events/${encodeURIComponent(id)}`);
    state.selected = id;
    renderDetail($("detail-body"), detail, { onSelect: selectEvent });
    $("detail").hidden = false;
    $("detail").scrollTop = 0;
    map.showSelected(detail.event);
    for (const node of document.querySelectorAll(".event-row.selected")) node.classList.remove("selected");
    const row = document.querySelector(`.event-row[data-event-id="${CSS.escape(id)}"]`);
    if (row) row.classList.add("selected");
  } catch (err) {
    showMessage(`Could not open event: ${err.message}`);
  }
}

async function refresh({ timeline, tl } = {}) {
  state.generation += 1;
  state.cursor = null;
  showMessage("");
  const jobs = [loadMap(map), loadFlows(map), loadList(false)];
  if (timeline) jobs.push(loadTimeline(tl, map));
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showMessage(`Could not load data: ${failed.reason.message}`);
}

/** Control on the period's last day (no period: the latest event date). */
function loadControl() {
  if (!situation.control) return;
  situation.control.load(state.range?.until, state.filters.country).catch((e) => showMessage(`Could not load control: ${e.message}`));
}

function clearAlertFilter() {
  state.extra = {};
  $("alert-filter").hidden = true;
  if (situation.alerts) situation.alerts.unselect();
}

/** Shows what an alert counted: its filter on the map, list and timeline, its day as the period. */
function applyAlert(alert, tl) {
  const f = alert.filter;
  $("filters").reset();
  state.extra = f.admin1 ? { admin1: f.admin1 } : {};
  if (f.type) {
    const select = $("f-type");
    if (![...select.options].some((o) => o.value === f.type)) select.append(el("option", { text: f.type, attrs: { value: f.type } }));
    select.value = f.type;
  }
  if (f.actor) $("f-actor").value = f.actor;
  if (f.country) $("f-country").value = f.country;
  state.filters = currentFilters();
  $("alert-filter-text").textContent = alert.description;
  $("alert-filter").hidden = false;
  const range = { since: f.since, until: f.until };
  tl.setRange(range, false);
  showRange(range);
  refresh({ timeline: true, tl });
  loadControl();
}

function showRange(range) {
  state.range = range;
  $("range-label").textContent = range ? `${range.since} — ${range.until}` : "";
  $("range-clear").hidden = !range;
}

async function loadSituation(tl) {
  const module = await import("./situation.js");
  const total = state.stats ? state.stats.total : 0;
  const auto = total <= AUTO_SITUATION_MAX_RECORDS;
  const onError = (e) => showMessage(`Could not load the situation picture: ${e.message}`);
  situation.control = new module.ControlLayer(map, { visible: auto, onError });
  situation.alerts = new module.AlertsPanel($("alert-list"), $("alerts-note"), (alert) => applyAlert(alert, tl));
  $("alerts").hidden = false;
  const since = state.stats && state.stats.date_range ? state.stats.date_range.min : null;
  const loadAlerts = () => situation.alerts.load(since, state.filters.country);
  if (!auto) {
    situation.alerts.offerLoad(`Compute alerts over ${fmtNumber(total)} records (may take a minute)`, () => loadAlerts().catch(onError));
    document.body.dataset.situation = "on-demand";
    return;
  }
  const results = await Promise.allSettled([situation.control.load(state.range?.until, state.filters.country), loadAlerts()]);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) onError(failed.reason);
  document.body.dataset.situation = "1";
}

async function main() {
  if (!window.L || !window.L.markerClusterGroup) {
    showMessage("The map library is missing: run `npm ci` in the sitroom folder, then reload.");
    return;
  }
  performance.mark("main");
  const basemapData = fetch("/basemap/countries.json").then((r) => r.json());
  const options = loadOptions();
  const stats = await options.catch(() => null);
  state.stats = stats;
  performance.mark("stats");
  map = new EventMap($("map"), stats && stats.extent, {
    onSelect: selectEvent,
    onViewChange: () => loadMap(map).catch((e) => showMessage(e.message)),
    onCell: (bbox) => getJSON("/events", { ...withRange(), bbox, limit: 50 }).then((page) => page.events),
  });
  const tl = new Timeline(
    $("timeline"),
    (range) => {
      showRange(range);
      refresh();
      loadControl();
    },
    $("timeline-note"),
  );
  $("range-clear").addEventListener("click", () => tl.setRange(null));
  $("detail-close").addEventListener("click", () => {
    $("detail").hidden = true;
    clear($("detail-body"));
    map.showSelected(null);
  });
  $("list-more").addEventListener("click", () => loadList(true).catch((e) => showMessage(e.message)));

  let typing = null;
  const onFilters = () => {
    state.filters = currentFilters();
    refresh({ timeline: true, tl });
    loadControl();
  };
  $("filters").addEventListener("change", onFilters);
  $("f-q").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(onFilters, 300);
  });
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("f-reset").addEventListener("click", () => {
    $("filters").reset();
    clearAlertFilter();
    onFilters();
  });
  $("alert-filter-clear").addEventListener("click", () => {
    $("filters").reset();
    clearAlertFilter();
    tl.setRange(null, false);
    showRange(null);
    onFilters();
  });

  const basemap = basemapData.then((g) => map.setBasemap(g)).then(() => performance.mark("basemap"));
  if (stats) {
    tl.setData(stats.by_day, stats.timeline_range);
    map.setLegend(stats.by_type);
  }
  performance.mark("refresh");
  await Promise.allSettled([basemap, refresh()]);
  if (stats && stats.total === 0) showMessage("The database has no events yet: run `sitroom demo` or `sitroom ingest`.");
  document.body.dataset.ready = "1";
  window.sitroomFirstView = performance.now();
  await loadSituation(tl).catch((e) => showMessage(`Could not load the situation picture: ${e.message}`));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
else main();
