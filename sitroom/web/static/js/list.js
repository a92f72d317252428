// The event list beside the map; a row opens the event's detail.
import { el, clear, fmtNumber } from "./dom.js";
import { displayType, typeColor } from "./colors.js";

export function eventRow(ev, onSelect) {
  const type = displayType(ev);
  const swatch = el("span", { className: "swatch" });
  swatch.style.backgroundColor = typeColor(type);
  const place = ev.place ? ev.place.name : ev.location_text || "unlocated";
  const actors = [ev.actor1, ev.actor2].filter(Boolean).join(" vs ");
  const item = el(
    "li",
    { className: "event-row", attrs: { tabindex: 0, role: "button" }, data: { eventId: ev.id } },
    el("span", { className: "row-date", text: ev.event_date || "undated" }),
    swatch,
    el("span", { className: "row-main" }, el("span", { className: "row-type", text: ev.sub_event_type || type }), " · ", el("span", { className: "row-place", text: place })),
    el("span", { className: "row-fatalities", text: ev.fatalities ? `${fmtNumber(ev.fatalities)} killed` : "" }),
    actors ? el("span", { className: "row-actors", text: actors }) : null,
  );
  item.addEventListener("click", () => onSelect(ev.id));
  item.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") onSelect(ev.id);
  });
  return item;
}

export function renderList(listNode, titleNode, page, append, onSelect) {
  if (!append) clear(listNode);
  for (const ev of page.events) listNode.append(eventRow(ev, onSelect));
  const shown = listNode.children.length;
  titleNode.textContent = `Events — ${fmtNumber(shown)} of ${fmtNumber(page.total)}`;
}
