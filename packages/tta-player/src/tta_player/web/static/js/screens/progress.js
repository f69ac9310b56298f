// Progress: time played and mood per day, each world's milestones (and its ending once
// completed), exercises, skills, and the journal entries the player chose to keep.
import { itemsOf } from "../api.js";
import { timeChart } from "../chart.js";
import { announce, h } from "../dom.js";
import { worldProgress } from "../journey.js";

const DAYS = 14;

/** The last DAYS days, oldest first, with 0 minutes for days without play. */
function lastDays(series) {
  const byDate = new Map(series.map((point) => [String(point.date).slice(0, 10), point]));
  const today = new Date();
  const days = [];
  for (let back = DAYS - 1; back >= 0; back -= 1) {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back)).toISOString().slice(0, 10);
    const point = byDate.get(date);
    days.push({ date, minutes: Number(point?.minutes) || 0, mood: typeof point?.mood === "number" ? point.mood : null });
  }
  return days;
}

function section(id, title, ...body) {
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...body);
}

const minutes = (value) => (value > 0 && value < 1 ? "<1" : String(Math.round(value ?? 0)));

const stat = (value, label) =>
  h("div", { class: "stat" }, h("span", { class: "stat-value" }, String(value)), h("span", { class: "stat-label" }, label));

function worldCard(world, progress) {
  const state = worldProgress(progress, world);
  const id = `world-${world.id}`;
  return h("li", { class: `card world-progress${state.completed ? " completed" : ""}`, "aria-labelledby": id },
    h("h3", { id }, world.title),
    h("p", { class: "meta" }, state.total ? `${state.reached} of ${state.total} milestones` : "No milestones here"),
    state.total
      ? h("progress", { max: state.total, value: state.reached, "aria-label": `${world.title}: ${state.reached} of ${state.total} milestones` })
      : null,
    state.completed
      ? h("div", { class: "ending-note" },
          h("p", { class: "ending-badge" }, "Completed"),
          h("p", {}, state.ending?.text || state.ending?.title || (state.last ? `${state.last.title}: the last milestone of this world.` : "Every milestone reached.")))
      : null);
}

function journalList(app, entries) {
  const list = h("ul", { class: "journal-entries" });
  const status = h("p", { class: "inline-status", role: "status" });
  const when = (iso) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
  list.replaceChildren(...entries.map((entry) => {
    const remove = h("button", { type: "button", class: "button quiet small", "aria-label": `Delete ${entry.title} of ${when(entry.created_at)}` }, "Delete");
    const item = h("li", { class: "journal-entry" },
      h("h3", {}, `${entry.title}`, h("span", { class: "meta" }, ` · ${when(entry.created_at)}`)),
      entry.parts.map((part) => h("p", {}, part.label ? h("strong", {}, `${part.label}: `) : null, part.text)),
      remove);
    remove.addEventListener("click", async () => {
      try {
        await app.api.delete(`/players/me/journal/${encodeURIComponent(entry.id)}`);
        item.remove();
        status.textContent = "Deleted.";
        announce("Journal entry deleted.");
        if (!list.children.length) list.replaceWith(h("p", { class: "empty" }, "Nothing kept in your journal now."));
      } catch (error) {
        status.textContent = error.message;
      }
    });
    return item;
  }));
  return entries.length ? [list, status] : [h("p", { class: "empty" }, "Nothing kept yet. When you write in an exercise, tick \u201cKeep this in my journal\u201d to keep it here.")];
}

export async function progressScreen(app) {
  const [progress, worlds, journal] = await Promise.all([
    app.api.get(`/players/me/progress?days=${DAYS}`),
    app.api.get("/worlds").catch(() => []),
    app.api.get("/players/me/journal").catch(() => ({ items: [] })),
  ]);
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
      section("time-title", "Time played and mood per day", timeChart(lastDays(progress.series ?? []), window.innerWidth - 80)),
      section("worlds-title", "Worlds",
        h("ul", { class: "cards worlds-progress" }, itemsOf(worlds, "worlds").map((world) => worldCard(world, progress)))),
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
            : h("p", { class: "empty" }, "Skills grow as you practise."))),
      section("journal-title", "Your journal", ...journalList(app, itemsOf(journal)))),
  };
}
