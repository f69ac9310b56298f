// Journeys: every one the player has begun, to resume, end or delete, with what happened
// said beside the button that did it; and the summary of one journey.
import { itemsOf } from "../api.js";
import { announce, h } from "../dom.js";
import { moodText } from "../mood.js";

const STATUS = { active: "In progress", paused: "Paused", completed: "Finished" };

export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function minutesText(value) {
  const minutes = Number(value) || 0;
  if (minutes > 0 && minutes < 1) return "under a minute";
  const whole = Math.round(minutes);
  return `${whole} ${whole === 1 ? "minute" : "minutes"}`;
}

/** Names of characters and worlds, for saying "Wren in The Mindfulness Garden". */
export async function journeyNames(app) {
  const [characters, worlds] = await Promise.all([
    app.api.get("/characters").catch(() => []),
    app.api.get("/worlds").catch(() => []),
  ]);
  return {
    character: Object.fromEntries(itemsOf(characters, "characters").map((c) => [c.id, c.name])),
    world: Object.fromEntries(itemsOf(worlds, "worlds").map((w) => [w.id, w.title ?? w.name])),
  };
}

export async function journeysScreen(app) {
  const [sessions, names] = await Promise.all([app.api.get("/sessions"), journeyNames(app)]);
  const list = h("ul", { class: "cards journeys", "aria-label": "Your journeys" });
  const items = itemsOf(sessions, "sessions");
  const order = { active: 0, paused: 1, completed: 2 };
  items.sort((a, b) => order[a.status] - order[b.status] || String(b.last_activity_at).localeCompare(String(a.last_activity_at)));

  function card(session) {
    const id = session.session_id;
    const who = names.character[session.character_id] ?? "Your character";
    const where = names.world[session.world_id] ?? session.world_id;
    const label = `${who} in ${where}`;
    const status = h("p", { class: "inline-status", role: "status" });
    const actions = h("div", { class: "actions" });
    const meta = h("p", { class: "meta" }, [
      STATUS[session.status] ?? session.status,
      ` · ${session.turn_count} ${session.turn_count === 1 ? "turn" : "turns"}`,
      ` · ${minutesText(session.minutes_played)}`,
      when(session.last_activity_at) ? ` · last played ${when(session.last_activity_at)}` : "",
    ].join(""));
    const item = h("li", { class: "card journey", dataset: { status: session.status } },
      h("h2", {}, label), meta, actions, status);

    function showDefault() {
      const open = session.status !== "completed";
      actions.replaceChildren(
        open
          ? h("a", { class: "button", href: `#/play/${encodeURIComponent(id)}`, "aria-label": `Resume ${label}` }, "Resume")
          : h("a", { class: "button", href: `#/journeys/${encodeURIComponent(id)}`, "aria-label": `See its summary: ${label}` }, "See its summary"),
        open ? h("button", { type: "button", class: "button quiet", "aria-label": `End ${label}`, onclick: () => confirm("end") }, "End") : null,
        h("button", { type: "button", class: "button quiet", "aria-label": `Delete ${label}`, onclick: () => confirm("delete") }, "Delete"),
      );
    }

    function confirm(what) {
      const keep = h("button", { type: "button", class: "button quiet", onclick: () => { showDefault(); status.textContent = ""; actions.firstChild.focus(); } }, "Keep it");
      actions.replaceChildren(
        h("p", { class: "confirm" }, what === "end"
          ? "End this journey? You can read its summary afterwards, but not play it again."
          : "Delete this journey and its story? Your progress and mood check-ins stay."),
        h("button", { type: "button", class: `button ${what === "delete" ? "danger" : ""}`, onclick: () => act(what) },
          what === "end" ? `Yes, end ${label}` : `Yes, delete ${label}`),
        keep);
      keep.focus();
    }

    async function act(what) {
      status.textContent = what === "end" ? "Ending…" : "Deleting…";
      try {
        if (what === "end") {
          Object.assign(session, await app.api.post(`/sessions/${encodeURIComponent(id)}/end`));
          meta.textContent = `${STATUS.completed} · ${session.turn_count} turns · ${minutesText(session.minutes_played)}`;
          item.dataset.status = "completed";
          showDefault();
          status.textContent = "Ended. Its summary is here whenever you want it.";
          actions.firstChild.focus();
        } else {
          await app.api.delete(`/sessions/${encodeURIComponent(id)}`);
          item.remove();
          announce(`${label} was deleted.`);
          if (!list.children.length) list.replaceWith(empty());
          (list.querySelector("a, button") ?? document.querySelector("main h1"))?.focus();
        }
      } catch (error) {
        showDefault();
        status.textContent = error.message;
      }
    }

    showDefault();
    return item;
  }

  const empty = () => h("p", { class: "empty" }, "No journeys yet. Begin one from the home screen.");
  list.replaceChildren(...items.map(card));
  return {
    title: "Journeys",
    node: h("div", { class: "stack wide" },
      h("h1", {}, "Your journeys"),
      h("p", { class: "lede" }, "Pick one up again, bring one to a close, or let one go. A journey left open for a while is paused for you."),
      items.length ? list : empty(),
      h("p", {}, h("a", { class: "button quiet", href: "#/characters" }, "Begin a new journey"))),
  };
}

export async function summaryScreen(app, { sessionId }) {
  const [summary, names] = await Promise.all([
    app.api.get(`/sessions/${encodeURIComponent(sessionId)}/summary`),
    journeyNames(app),
  ]);
  const where = names.world[summary.world_id] ?? summary.world_id;
  const who = names.character[summary.character_id] ?? "You";
  const before = summary.mood_before;
  const after = summary.mood_after;
  const lower = before && after && after.score < before.score;
  const low = after && after.score <= 2;
  const list = (items, none) => items.length
    ? h("ul", { class: "achievements" }, items.map((i) => h("li", {}, h("strong", {}, i.title), i.detail ? h("span", { class: "meta" }, ` · ${i.detail}`) : null)))
    : h("p", { class: "empty" }, none);
  const exercises = summary.exercises.length;
  return {
    title: "Journey summary",
    node: h("div", { class: "stack wide" },
      h("h1", {}, `${who} in ${where}`),
      h("p", { class: "lede" }, summary.status === "completed" ? "This journey is complete. Here is what it held." : "This journey so far."),
      h("div", { class: "stats" },
        stat(minutesText(summary.minutes_played), "played"),
        stat(String(summary.turns), summary.turns === 1 ? "turn" : "turns"),
        stat(String(exercises), exercises === 1 ? "exercise done" : "exercises done"),
        stat(String(summary.milestones.length), summary.milestones.length === 1 ? "milestone" : "milestones")),
      h("section", { class: "card", "aria-labelledby": "mood-summary" },
        h("h2", { id: "mood-summary" }, "Your mood"),
        h("p", {}, `Before: ${moodText(before)}. After: ${moodText(after)}.`),
        lower || low
          ? h("div", { class: "support-note" },
              h("p", {}, lower ? "You finished feeling lower than you started. That's worth being gentle about." : "It sounds like a hard day."),
              h("button", { type: "button", class: "link-button", onclick: () => app.panel.open() }, "See support options"))
          : null),
      h("div", { class: "grid-2" },
        h("section", { class: "card", "aria-labelledby": "summary-exercises" },
          h("h2", { id: "summary-exercises" }, "Exercises"), list(summary.exercises, "No exercises this time, and that's fine.")),
        h("section", { class: "card", "aria-labelledby": "summary-milestones" },
          h("h2", { id: "summary-milestones" }, "Milestones"), list(summary.milestones, "No new milestones this time."))),
      h("div", { class: "actions" },
        h("a", { class: "button", href: "#/home" }, "Back home"),
        h("a", { class: "button quiet", href: "#/progress" }, "See your progress"),
        h("a", { class: "button quiet", href: "#/journeys" }, "All journeys"))),
  };
}

const stat = (value, label) =>
  h("div", { class: "stat" }, h("span", { class: "stat-value" }, value), h("span", { class: "stat-label" }, label));
