// A small SVG chart: minutes played per day as bars and, when the player checked in, their
// mood (1-5) as a line over them with its own scale on the right. No chart library needed.
import { h, svg } from "./dom.js";

const HEIGHT = 220;
const PAD = { top: 24, right: 44, bottom: 36, left: 40 };
const MOOD_WORDS = { 1: "very low", 2: "low", 3: "okay", 4: "good", 5: "very good" };

const SCALES = [1, 2, 5, 10, 20, 30, 60, 90, 120, 180, 240, 360, 480, 720, 1440];

function niceMax(value) {
  return SCALES.find((scale) => scale >= value) ?? Math.ceil(value);
}

const tickLabel = (minutes) => (Number.isInteger(minutes) ? String(minutes) : minutes.toFixed(1));

/**
 * @param {{date: string, minutes: number, mood?: number|null}[]} days  oldest first
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

  const titles = [
    svg("text", { x: PAD.left - 6, y: 11, "text-anchor": "end", class: "axis axis-title" }, "min"),
  ];
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

  const moodY = (score) => PAD.top + innerH - ((score - 1) / 4) * innerH;
  const moods = days.map((day, i) => ({ i, mood: day.mood })).filter((d) => typeof d.mood === "number");
  const centre = (i) => PAD.left + slot * i + slot / 2;
  const moodLayer = moods.length
    ? [
        [1, 3, 5].map((score) =>
          svg("text", { x: WIDTH - PAD.right + 6, y: moodY(score) + 4, "text-anchor": "start", class: "axis mood-axis" }, String(score))),
        moods.length > 1
          ? svg("polyline", { points: moods.map((d) => `${centre(d.i)},${moodY(d.mood)}`).join(" "), class: "mood-line" })
          : null,
        moods.map((d) => svg("circle", { cx: centre(d.i), cy: moodY(d.mood), r: 4.5, class: "mood-point" },
          svg("title", {}, `Mood ${d.mood}: ${MOOD_WORDS[Math.round(d.mood)]}`))),
        svg("text", { x: WIDTH - PAD.right + 6, y: 11, "text-anchor": "start", class: "axis axis-title" }, "mood"),
      ]
    : null;

  const played = `Minutes played each day; ${total > 0 && total < 1 ? "under a minute" : `${Math.round(total)} minutes`} in all over the last ${days.length} days.`;
  const summary = `${played}${moodSummary(moods.map((d) => d.mood))}`;
  return h("figure", { class: "chart" },
    svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": `Minutes played and mood per day. ${summary}` },
      titles, grid, bars, moodLayer),
    h("figcaption", {},
      summary,
      moods.length ? h("span", { class: "legend" }, h("span", { class: "legend-bar", "aria-hidden": "true" }), " minutes played ",
        h("span", { class: "legend-line", "aria-hidden": "true" }), " mood, 1 (very low) to 5 (very good)") : null));
}

function moodSummary(scores) {
  if (!scores.length) return " No mood check-ins yet.";
  const first = scores[0];
  const last = scores[scores.length - 1];
  const trend = scores.length < 2 || Math.abs(last - first) < 0.5 ? "steady" : last > first ? "rising" : "falling";
  return ` Mood on ${scores.length} ${scores.length === 1 ? "day" : "days"}, most recently ${last} of 5 (${MOOD_WORDS[Math.round(last)]}); ${trend} over the period.`;
}
