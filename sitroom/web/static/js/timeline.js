// The timeline: events per day as SVG bars; dragging across it selects a period.
import { clear } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const PAD = { left: 34, right: 8, top: 6, bottom: 18 };

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const toDay = (iso) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms) => new Date(ms).toISOString().slice(0, 10);

export class Timeline {
  constructor(node, onRange, noteNode = null) {
    this.node = node;
    this.noteNode = noteNode;
    this.onRange = onRange;
    this.days = [];
    this.range = null;
    this.dragStart = null;
    node.addEventListener("pointerdown", (e) => this.pointerDown(e));
    node.addEventListener("pointermove", (e) => this.pointerMove(e));
    node.addEventListener("pointerup", (e) => this.pointerUp(e));
    window.addEventListener("resize", () => this.render());
  }

  /**
   * byDay: [{date, count}] sorted; missing days are drawn as empty. range: {min, max} of
   * the days to draw (the server leaves out rare far-off dates); others are counted aside.
   */
  setData(byDay, range) {
    this.days = [];
    this.outside = 0;
    const first = range && range.min ? range.min : byDay.length ? byDay[0].date : null;
    const last = range && range.max ? range.max : byDay.length ? byDay[byDay.length - 1].date : null;
    if (first && last) {
      const counts = new Map(byDay.map((d) => [d.date, d.count]));
      for (let t = toDay(first); t <= toDay(last); t += DAY) {
        this.days.push({ date: toIso(t), count: counts.get(toIso(t)) || 0 });
      }
      this.outside = byDay.filter((d) => d.date < first || d.date > last).reduce((n, d) => n + d.count, 0);
    }
    this.render();
  }

  geometry() {
    const width = this.node.clientWidth || 600;
    const height = this.node.clientHeight || 110;
    const inner = width - PAD.left - PAD.right;
    const step = this.days.length ? inner / this.days.length : inner;
    return { width, height, inner, step };
  }

  indexAt(clientX) {
    const { step } = this.geometry();
    const x = clientX - this.node.getBoundingClientRect().left - PAD.left;
    return Math.max(0, Math.min(this.days.length - 1, Math.floor(x / step)));
  }

  render() {
    const node = this.node;
    clear(node);
    const { width, height, step } = this.geometry();
    node.setAttribute("viewBox", `0 0 ${width} ${height}`);
    if (!this.days.length) {
      const t = svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "axis" });
      t.textContent = "no dated events";
      node.append(t);
      return;
    }
    const max = Math.max(...this.days.map((d) => d.count), 1);
    const plot = height - PAD.top - PAD.bottom;
    const yLabel = svg("text", { x: PAD.left - 4, y: PAD.top + 8, "text-anchor": "end", class: "axis" });
    yLabel.textContent = String(max);
    node.append(yLabel);
    if (this.noteNode) {
      this.noteNode.textContent = this.outside ? `(${this.outside} dated earlier or later, not drawn)` : "";
    }
    const inRange = (date) => !this.range || (date >= this.range.since && date <= this.range.until);
    this.days.forEach((d, i) => {
      const h = (d.count / max) * plot;
      const bar = svg("rect", {
        x: PAD.left + i * step + Math.min(1, step * 0.1),
        y: PAD.top + plot - h,
        width: Math.max(1, step - Math.min(2, step * 0.2)),
        height: Math.max(d.count ? 1 : 0, h),
        class: inRange(d.date) ? "bar" : "bar out",
      });
      const title = svg("title");
      title.textContent = `${d.date}: ${d.count}`;
      bar.append(title);
      node.append(bar);
    });
    const ticks = Math.max(2, Math.floor(width / 110));
    for (let k = 0; k < ticks; k += 1) {
      const i = Math.round((k * (this.days.length - 1)) / (ticks - 1));
      const label = svg("text", { x: PAD.left + (i + 0.5) * step, y: height - 4, "text-anchor": "middle", class: "axis" });
      label.textContent = this.days[i].date;
      node.append(label);
    }
    this.brush = svg("rect", { y: PAD.top, height: plot, class: "brush", visibility: "hidden" });
    node.append(this.brush);
    if (this.range) this.drawBrush(this.days.findIndex((d) => d.date >= this.range.since), this.lastIndexUntil(this.range.until));
  }

  lastIndexUntil(until) {
    let last = 0;
    this.days.forEach((d, i) => {
      if (d.date <= until) last = i;
    });
    return last;
  }

  drawBrush(a, b) {
    if (!this.brush || a < 0) return;
    const { step } = this.geometry();
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    this.brush.setAttribute("x", PAD.left + lo * step);
    this.brush.setAttribute("width", Math.max(2, (hi - lo + 1) * step));
    this.brush.setAttribute("visibility", "visible");
  }

  pointerDown(e) {
    if (!this.days.length) return;
    this.node.setPointerCapture(e.pointerId);
    this.dragStart = { index: this.indexAt(e.clientX), x: e.clientX };
    this.drawBrush(this.dragStart.index, this.dragStart.index);
  }

  pointerMove(e) {
    if (this.dragStart) this.drawBrush(this.dragStart.index, this.indexAt(e.clientX));
  }

  pointerUp(e) {
    if (!this.dragStart) return;
    const start = this.dragStart;
    this.dragStart = null;
    if (Math.abs(e.clientX - start.x) < 3) {
      this.setRange(null);
      return;
    }
    const end = this.indexAt(e.clientX);
    const lo = Math.min(start.index, end);
    const hi = Math.max(start.index, end);
    this.setRange({ since: this.days[lo].date, until: this.days[hi].date });
  }

  /** Sets the selected period; notify=false when the caller refreshes the view itself. */
  setRange(range, notify = true) {
    this.range = range;
    this.render();
    if (notify) this.onRange(range);
  }
}
