// Around the story: how far this world's journey has come (milestones reached of its total,
// its ending when the last is reached), and leaving well (a mood check-in, then pause or end).
import { itemsOf } from "./api.js";
import { h } from "./dom.js";
import { moodCard } from "./mood.js";

const endingKey = (sessionId) => `tta.ending-shown.${sessionId}`;

/**
 * What the progress API says about one world: its per-world figures (`worlds: [{world_id,
 * milestones_reached, milestones_total, completed, ending_title}]`) as they are, else the
 * player's milestones matched with the world's `milestone_refs`.
 */
export function worldProgress(progress, world) {
  const given = itemsOf(progress?.worlds).find((w) => w.world_id === world.id);
  const refs = world.milestone_refs ?? [];
  const reachedIds = new Set((progress?.milestones ?? []).map((m) => m.id));
  const reached = refs.filter((m) => reachedIds.has(m.id));
  const total = given?.milestones_total ?? refs.length;
  const count = given?.milestones_reached ?? reached.length;
  return {
    reached: count,
    total,
    completed: given?.completed ?? (total > 0 && count >= total),
    ending: endingText(given?.ending ?? (given?.ending_title ? { title: given.ending_title } : null)),
    last: reached.at(-1) ?? null,
  };
}

function endingText(ending) {
  if (!ending) return null;
  if (typeof ending === "string") return { title: null, text: ending };
  return { title: ending.title ?? null, text: ending.text ?? ending.narrative ?? "" };
}

/**
 * The ending card, once per journey, when the world is completed. The narrator tells the
 * ending itself (its epilogue): the card names it, counts what was reached and offers what
 * comes next; it repeats the epilogue only if the narrator did not tell it.
 */
export function endingCard({ world, state, onKeepGoing, onEnd, told = false }) {
  const title = state.ending?.title || `The end of this part of ${world.title ?? "the story"}`;
  const reached = `You reached every milestone here (${state.reached} of ${state.total}), one small step at a time.`;
  const text = state.ending?.text && !told ? state.ending.text : reached;
  const keep = h("button", { type: "button", class: "button quiet", onclick: onKeepGoing }, "Keep exploring");
  const card = h("section", { class: "ending", "aria-labelledby": "ending-title" },
    h("p", { class: "ending-badge" }, "World completed"),
    h("h2", { id: "ending-title", tabindex: "-1" }, title),
    h("p", {}, text),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "button", onclick: onEnd }, "End this journey and see its summary"),
      keep));
  card.focusFirst = () => card.querySelector("h2").focus();
  return card;
}

// Once per journey (this tab keeps the note; nothing about the player is stored by it).
export function endingAlreadyShown(sessionId) {
  return sessionStorage.getItem(endingKey(sessionId)) === "1";
}

export function markEndingShown(sessionId) {
  sessionStorage.setItem(endingKey(sessionId), "1");
}

/**
 * Leaving the story: a mood check-in ("after"), then pause or end. Nothing here is required:
 * every step can be skipped, and "Keep playing" goes back to the story.
 */
export function leaveCard({ app, sessionId, ending, onStay, onLeft }) {
  const path = `/sessions/${encodeURIComponent(sessionId)}`;
  const status = h("p", { class: "inline-status", role: "status" });
  async function leave() {
    status.textContent = ending ? "Ending your journey…" : "Pausing your journey…";
    try {
      await app.api.post(`${path}/${ending ? "end" : "pause"}`);
      onLeft();
    } catch (error) {
      status.textContent = error.message;
    }
  }
  const card = moodCard({
    title: ending ? "End this journey?" : "Before you go: how are you feeling now?",
    intro: ending
      ? "Ending is final: you can read this journey's summary, but not play it again. How are you feeling now? (optional)"
      : "Your journey will wait for you on the home screen.",
    saveLabel: ending ? "Save and end" : "Save and pause",
    skipLabel: ending ? "End without saying" : "Pause without saying",
    save: (body) => app.api.post("/players/me/moods", { ...body, moment: "after", session_id: sessionId }),
    onSkip: leave,
    onSaved: leave,
    panel: app.panel,
    extra: [h("button", { type: "button", class: "link-button stay", onclick: onStay }, "Keep playing")],
  });
  const wrapper = h("div", { class: "leave" }, card, status);
  wrapper.focusFirst = card.focusFirst;
  return wrapper;
}
