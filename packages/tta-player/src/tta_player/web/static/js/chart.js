// A small SVG bar chart of minutes played per day; no chart library needed.
import { h, svg } from "./dom.js";

const HEIGHT = 220;
const PAD = { top: 16, right: 12, bottom: 36, left: 40 };

const SCALES = [1, 2, 5, 10, 20, 30, 60, 90, 120, 180, 240, 360, 480, 720, 1440];

function niceMax(value) {
  return SCALES.find((scale) => scale >= value) ?? Math.ceil(value);
}

const tickLabel = (minutes) => (Number.isInteger(minutes) ? String(minutes) : minutes.toFixed(1));

/**
 * @param {{date: string, minutes: number}[]} days  oldest first
 * @param {number} [width]  drawing width; near the real width keeps the labels readable
 * @returns {Element} a figure holding the chart and a text summary for screen readers
 */
export function timeChart(days, width = 640) {
  const WIDTH = Math.max(300, Math.min(720, width));
  const max = niceMax(Math.max(0, ...days.map((d) => d.minutes)));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, days.length);
  const barW = Math.max(4, Math.min(36, slot * 0.6));
  const y = (minutes) => PAD.top + innerH - (minutes / max) * innerH;
  const total = days.reduce((sum, d) => sum + d.minutes, 0);
  const labelEvery = Math.ceil(days.length / (WIDTH < 480 ? 4 : 7));

  const grid = [0, max / 2, max].map((tick) => [
    svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick), class: "grid" }),
    svg("text", { x: PAD.left - 6, y: y(tick) + 4, "text-anchor": "end", class: "axis" }, tickLabel(tick)),
  ]);
  const bars = days.map((day, i) => {
    const x = PAD.left + slot * i + (slot - barW) / 2;
    const top = y(day.minutes);
    const label = new Date(`${day.date}T12:00:00`).toLocaleDateString(undefined, { weekday: "short", day: "numeric" });
    return svg("g", {},
      svg("rect", { x, y: top, width: barW, height: PAD.top + innerH - top, rx: 3, class: "bar" },
        svg("title", {}, `${label}: ${Math.round(day.minutes)} minutes`)),
      i % labelEvery === 0
        ? svg("text", { x: x + barW / 2, y: HEIGHT - PAD.bottom + 18, "text-anchor": "middle", class: "axis" }, label)
        : null);
  });

  const summary = `Minutes played each day; ${total > 0 && total < 1 ? "under a minute" : `${Math.round(total)} minutes`} in all over the last ${days.length} days.`;
  return h("figure", { class: "chart" },
    svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": `Minutes played per day. ${summary}` },
      grid, bars),
    h("figcaption", {}, summary));
}
