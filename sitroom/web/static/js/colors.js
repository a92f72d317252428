// Marker colours by ACLED event type (the six types as ACLED spells them) plus displacement.
const TYPE_COLORS = {
  Battles: "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  Protests: "#2ca02c",
  Riots: "#8c564b",
  "Strategic developments": "#1f77b4",
  Displacement: "#0fa3b1",
};
const FALLBACK = ["#e377c2", "#bcbd22", "#7f7f7f", "#17becf", "#aec7e8"];
const assigned = new Map();

export function typeColor(type) {
  if (type && TYPE_COLORS[type]) return TYPE_COLORS[type];
  const key = type || "Unknown";
  if (!assigned.has(key)) assigned.set(key, FALLBACK[assigned.size % FALLBACK.length]);
  return assigned.get(key);
}

/** The type shown for a record: displacement records are their own kind. */
export function displayType(event) {
  return event.kind === "displacement" ? "Displacement" : event.event_type || "Unknown";
}
