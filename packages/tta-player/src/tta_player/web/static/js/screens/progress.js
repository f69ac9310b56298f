// Progress: milestones reached, exercises practised, skills growing, and time played per day.
import { timeChart } from "../chart.js";
import { h } from "../dom.js";

const DAYS = 14;

/** The last DAYS days, oldest first, with 0 minutes for days without play. */
function lastDays(series) {
  const byDate = new Map(series.map((point) => [String(point.date).slice(0, 10), Number(point.minutes) || 0]));
  const today = new Date();
  const days = [];
  for (let back = DAYS - 1; back >= 0; back -= 1) {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back)).toISOString().slice(0, 10);
    days.push({ date, minutes: byDate.get(date) ?? 0 });
  }
  return days;
}

function section(id, title, body) {
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), body);
}

const minutes = (value) => (value > 0 && value < 1 ? "<1" : String(Math.round(value ?? 0)));

const stat = (value, label) =>
  h("div", { class: "stat" }, h("span", { class: "stat-value" }, String(value)), h("span", { class: "stat-label" }, label));

export async function progressScreen(app) {
  const progress = await app.api.get(`/players/me/progress?days=${DAYS}`);
  const milestones = progress.milestones ?? [];
  const skills = progress.skills ?? [];
  const exercises = progress.exercises_completed ?? 0;
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  return {
    title: "Progress",
    node: h("div", { class: "stack wide" },
      h("h1", {}, "Your progress"),
      h("p", { class: "lede" }, "Every small step counts, and there is no finish line to race toward."),
      h("div", { class: "stats" },
        stat(minutes(progress.time_played_minutes), "minutes played"),
        stat(progress.turns_total ?? 0, "turns taken"),
        stat(exercises, exercises === 1 ? "exercise practised" : "exercises practised"),
        stat(progress.streak_days ?? 0, "day streak")),
      section("time-title", "Time played per day", timeChart(lastDays(progress.series ?? []), window.innerWidth - 80)),
      h("div", { class: "grid-2" },
        section("milestones-title", "Milestones",
          milestones.length
            ? h("ul", { class: "achievements" }, milestones.map((m) =>
                h("li", {}, h("strong", {}, m.title), m.detail ? h("span", { class: "meta" }, ` · ${m.detail}`) : null)))
            : h("p", { class: "empty" }, "Your first milestone is waiting somewhere in the story.")),
        section("exercises-title", "Exercises",
          exercises
            ? h("p", {}, `You have practised ${plural(exercises, "exercise", "exercises")}. Each one is a moment you gave yourself.`)
            : h("p", { class: "empty" }, "Try a breathing or grounding exercise in any world.")),
        section("skills-title", "Skills",
          skills.length
            ? h("ul", { class: "achievements" }, skills.map((s) =>
                h("li", {}, h("strong", {}, s.title), h("span", { class: "meta" }, ` · practised ${plural(s.times_practised ?? 1, "time", "times")}`))))
            : h("p", { class: "empty" }, "Skills grow as you practise.")))),
  };
}
