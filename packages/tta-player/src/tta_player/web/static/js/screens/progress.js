// Progress: milestones reached, exercises practised, skills growing, and time played per day.
import { itemsOf } from "../api.js";
import { timeChart } from "../chart.js";
import { h } from "../dom.js";

const DAYS = 14;

function lastDays(series) {
  const byDate = new Map();
  for (const entry of series) {
    const date = String(entry.date ?? entry.day ?? "").slice(0, 10);
    const minutes = entry.minutes ?? (entry.seconds ?? entry.active_seconds ?? 0) / 60;
    if (date) byDate.set(date, (byDate.get(date) ?? 0) + Number(minutes));
  }
  const days = [];
  const today = new Date();
  for (let back = DAYS - 1; back >= 0; back -= 1) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back));
    const date = d.toISOString().slice(0, 10);
    days.push({ date, minutes: byDate.get(date) ?? 0 });
  }
  return days;
}

function listSection(title, items, empty, describe) {
  return h("section", { class: "card", "aria-labelledby": `${title}-title`.replace(/\W+/g, "-").toLowerCase() },
    h("h2", { id: `${title}-title`.replace(/\W+/g, "-").toLowerCase() }, title),
    items.length ? h("ul", { class: "achievements" }, items.map(describe)) : h("p", { class: "empty" }, empty));
}

export async function progressScreen(app) {
  const progress = await app.api.get("/players/me/progress");
  const milestones = itemsOf(progress.milestones ?? []);
  const exercises = itemsOf(progress.exercises ?? []);
  const skills = itemsOf(progress.skills ?? []);
  const series = itemsOf(progress.time_per_day ?? progress.daily ?? progress.time_played ?? []);
  const days = lastDays(series);
  const stat = (value, label) => h("div", { class: "stat" }, h("span", { class: "stat-value" }, String(value)), h("span", { class: "stat-label" }, label));

  return {
    title: "Progress",
    node: h("div", { class: "stack wide" },
      h("h1", {}, "Your progress"),
      h("p", { class: "lede" }, "Every small step counts, and there is no finish line to race toward."),
      h("div", { class: "stats" },
        stat(progress.total_turns ?? progress.turns ?? 0, "turns taken"),
        stat(Math.round((progress.total_seconds ?? progress.active_seconds ?? 0) / 60), "minutes played"),
        stat(progress.sessions ?? progress.total_sessions ?? 0, "journeys")),
      h("section", { class: "card", "aria-labelledby": "time-title" },
        h("h2", { id: "time-title" }, "Time played per day"),
        timeChart(days)),
      h("div", { class: "grid-2" },
        listSection("Milestones", milestones, "Your first milestone is waiting somewhere in the story.", (m) =>
          h("li", {}, h("strong", {}, m.title), m.detail || m.description ? h("span", { class: "meta" }, ` · ${m.detail || m.description}`) : null)),
        listSection("Exercises", exercises, "Try a breathing or grounding exercise in any world.", (e) =>
          h("li", {}, h("strong", {}, e.title), e.count > 1 ? h("span", { class: "meta" }, ` · practised ${e.count} times`) : null)),
        listSection("Skills", skills, "Skills grow as you practise.", (s) =>
          h("li", {}, h("strong", {}, s.title), s.count > 1 ? h("span", { class: "meta" }, ` · ${s.count} times`) : null)))),
  };
}
