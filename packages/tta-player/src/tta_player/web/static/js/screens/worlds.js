// The world catalog: each world's description, difficulty and how well it suits the
// chosen character; choosing one starts a session.
import { ApiError, itemsOf } from "../api.js";
import { h } from "../dom.js";
import { introKey } from "./play.js";

const DIFFICULTY = { gentle: "Gentle", moderate: "Moderate", challenging: "Challenging", beginner: "Gentle", intermediate: "Moderate", advanced: "Challenging" };

function compatibilityOf(world) {
  const raw = world.compatibility;
  const score = typeof raw === "number" ? raw : raw?.score ?? world.compatibility_score;
  if (typeof score !== "number") return null;
  const percent = Math.round(score * (score <= 1 ? 100 : 1));
  const label = percent >= 75 ? "A close fit for you" : percent >= 50 ? "A good fit" : "A stretch right now";
  return { percent, label, reasons: raw?.reasons ?? [] };
}

export async function worldsScreen(app, { characterId }) {
  const [worldsData, character] = await Promise.all([
    app.api.get(`/worlds?character_id=${encodeURIComponent(characterId)}`),
    app.api.get(`/characters/${encodeURIComponent(characterId)}`),
  ]);
  const worlds = itemsOf(worldsData, "worlds");
  const status = h("p", { class: "form-status", role: "alert" });

  async function begin(world, button) {
    button.disabled = true;
    status.textContent = "";
    try {
      const session = await app.api.post("/sessions", { character_id: characterId, world_id: world.id });
      if (session.intro) sessionStorage.setItem(introKey(session.session_id), session.intro);
      app.go(`/play/${encodeURIComponent(session.session_id)}`);
    } catch (error) {
      button.disabled = false;
      if (!(error instanceof ApiError && error.status === 409)) {
        status.textContent = error.message;
        return;
      }
      // One journey at a time per character: offer the one already under way.
      const sessions = itemsOf(await app.api.get("/sessions").catch(() => []), "sessions");
      const open = sessions.find((s) => s.character_id === characterId && s.status === "active");
      status.replaceChildren(
        `${character.name} is already on a journey. `,
        open ? h("a", { href: `#/play/${encodeURIComponent(open.session_id)}` }, "Continue that journey") : "Pause it first from the home screen.",
      );
    }
  }

  const cards = worlds.map((world) => {
    const name = world.name ?? world.title ?? world.id;
    const fit = compatibilityOf(world);
    const difficulty = String(world.difficulty ?? "").toLowerCase();
    const button = h("button", { type: "button", class: "button" }, `Begin in ${name}`);
    button.addEventListener("click", () => begin(world, button));
    return h("li", { class: "card world" },
      h("h2", {}, name),
      h("p", {}, world.description ?? ""),
      h("dl", { class: "facts" },
        h("div", {}, h("dt", {}, "Difficulty"), h("dd", {}, DIFFICULTY[difficulty] ?? (world.difficulty || "Open to all"))),
        fit ? h("div", {}, h("dt", {}, "Fit"), h("dd", {}, `${fit.label} (${fit.percent}%)`)) : null,
        world.themes?.length ? h("div", { class: "themes" }, h("dt", {}, "Themes"), h("dd", {}, world.themes.join(", "))) : null),
      fit ? h("meter", { min: 0, max: 100, value: fit.percent, "aria-label": `How well ${name} fits ${character.name}` }) : null,
      button);
  });

  return {
    title: "Choose a world",
    node: h("div", { class: "stack wide" },
      h("h1", {}, `Where will ${character.name} go?`),
      h("p", { class: "lede" }, "Each world has its own pace. Pick the one that feels right today."),
      status,
      worlds.length ? h("ul", { class: "cards worlds" }, cards) : h("p", { class: "empty" }, "No worlds are open just now.")),
  };
}
