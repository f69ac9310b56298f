// The world catalog: each world's description, difficulty and how well it suits the
// chosen character; choosing one starts a session.
import { ApiError, itemsOf } from "../api.js";
import { h } from "../dom.js";
import { introKey } from "./play.js";

const DIFFICULTY = { gentle: "Gentle", moderate: "Moderate", challenging: "Challenging", beginner: "Gentle", intermediate: "Moderate", advanced: "Challenging" };

// How a world matches the approaches and themes the player chose. Said in words, without a
// score: a world that matches less is a change of scene, never a verdict on the player.
function fitOf(world) {
  const raw = world.compatibility;
  const score = typeof raw === "number" ? raw : raw?.score ?? world.compatibility_score;
  if (typeof score !== "number") return null;
  const value = score <= 1 ? score : score / 100;
  if (value >= 0.6) return { label: "Suits what you asked for", level: "close" };
  if (value >= 0.5) return { label: "Close to what you asked for", level: "good" };
  return { label: "Something different: a change of scene", level: "other" };
}

export async function worldsScreen(app, { characterId }) {
  const [worldsData, character] = await Promise.all([
    app.api.get(`/worlds?character_id=${encodeURIComponent(characterId)}`),
    app.api.get(`/characters/${encodeURIComponent(characterId)}`),
  ]);
  const worlds = itemsOf(worldsData, "worlds");
  const worldTitle = Object.fromEntries(worlds.map((w) => [w.id, w.title ?? w.name ?? w.id]));

  // Said beside the button that was pressed, so on a phone the answer is where the eyes are.
  async function begin(world, button, status) {
    button.disabled = true;
    status.textContent = "Starting your journey…";
    try {
      const session = await app.api.post("/sessions", { character_id: characterId, world_id: world.id });
      if (session.intro) sessionStorage.setItem(introKey(session.session_id), session.intro);
      app.go(`/play/${encodeURIComponent(session.session_id)}`);
    } catch (error) {
      button.disabled = false;
      if (!(error instanceof ApiError && error.status === 409 && error.problem.active_session_id)) {
        status.textContent = error.message;
        return;
      }
      // One journey at a time per character: continue that one, or pause it and begin here.
      const openId = error.problem.active_session_id;
      const open = itemsOf(await app.api.get("/sessions").catch(() => []), "sessions").find((s) => s.session_id === openId);
      const pauseAndBegin = h("button", { type: "button", class: "button" }, `Pause it and begin in ${worldTitle[world.id]}`);
      pauseAndBegin.addEventListener("click", async () => {
        pauseAndBegin.disabled = true;
        try {
          await app.api.post(`/sessions/${encodeURIComponent(openId)}/pause`);
          await begin(world, button, status);
        } catch (failure) {
          pauseAndBegin.disabled = false;
          status.textContent = failure.message;
        }
      });
      status.replaceChildren(
        h("p", {}, `${character.name} is on a journey in ${worldTitle[open?.world_id] ?? "another world"} right now.`),
        h("div", { class: "actions" },
          h("a", { class: "button quiet", href: `#/play/${encodeURIComponent(openId)}` }, "Continue that journey"),
          pauseAndBegin));
      pauseAndBegin.focus();
    }
  }

  const cards = worlds.map((world) => {
    const name = world.name ?? world.title ?? world.id;
    const fit = fitOf(world);
    const difficulty = String(world.difficulty ?? "").toLowerCase();
    const button = h("button", { type: "button", class: "button" }, `Begin in ${name}`);
    const status = h("div", { class: "inline-status", role: "status" });
    button.addEventListener("click", () => begin(world, button, status));
    return h("li", { class: "card world" },
      h("h2", {}, name),
      h("p", {}, world.description ?? ""),
      h("dl", { class: "facts" },
        h("div", {}, h("dt", {}, "Difficulty"), h("dd", {}, DIFFICULTY[difficulty] ?? (world.difficulty || "Open to all"))),
        fit ? h("div", { class: `fit ${fit.level}` }, h("dt", {}, "For you"), h("dd", {}, fit.label)) : null,
        world.themes?.length ? h("div", { class: "themes" }, h("dt", {}, "Themes"), h("dd", {}, world.themes.join(", "))) : null),
      button,
      status);
  });

  return {
    title: "Choose a world",
    node: h("div", { class: "stack wide" },
      h("h1", {}, `Where will ${character.name} go?`),
      h("p", { class: "lede" }, "Each world has its own pace. Pick the one that feels right today."),
      h("p", { class: "hint" }, "\u201cFor you\u201d says how a world matches the approaches you chose in your preferences. Every world is open to you."),
      worlds.length ? h("ul", { class: "cards worlds" }, cards) : h("p", { class: "empty" }, "No worlds are open just now.")),
  };
}
