// The start screen: pick up a paused journey, or begin a new one.
import { itemsOf } from "../api.js";
import { h } from "../dom.js";

async function quietly(promise, fallback) {
  try {
    return await promise;
  } catch {
    return fallback;
  }
}

function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export async function homeScreen(app) {
  const [sessions, characters, worlds] = await Promise.all([
    quietly(app.api.get("/sessions"), []),
    quietly(app.api.get("/characters"), []),
    quietly(app.api.get("/worlds"), []),
  ]);
  const characterName = Object.fromEntries(itemsOf(characters, "characters").map((c) => [c.id, c.name]));
  const worldName = Object.fromEntries(itemsOf(worlds, "worlds").map((w) => [w.id, w.name ?? w.title]));
  const open = itemsOf(sessions, "sessions").filter((s) => ["paused", "active"].includes(s.status));

  const resumeList = open.length
    ? h("ul", { class: "cards" }, open.map((s) => {
        const id = s.session_id ?? s.id;
        const who = s.character_name ?? characterName[s.character_id] ?? "Your character";
        const where = s.world_name ?? worldName[s.world_id] ?? s.world_id;
        return h("li", { class: "card session" },
          h("h3", {}, `${who} in ${where}`),
          h("p", { class: "meta" }, [s.status === "paused" ? "Paused" : "In progress", s.turn_count ? ` · ${s.turn_count} turns` : "", when(s.last_activity_at) ? ` · ${when(s.last_activity_at)}` : ""].join("")),
          h("a", { class: "button", href: `#/play/${encodeURIComponent(id)}`, "aria-label": `Resume ${who} in ${where}` }, "Resume"));
      }))
    : h("p", { class: "empty" }, "No journeys in progress yet. When you pause one, it will wait for you here.");

  const name = app.player?.display_name || app.player?.username || "friend";
  return {
    title: "Home",
    node: h("div", { class: "stack wide" },
      h("section", { class: "hero" },
        h("h1", {}, `Hello, ${name}`),
        h("p", { class: "lede" }, "Take a breath. There's no rush here."),
        h("div", { class: "actions" },
          h("a", { class: "button", href: "#/characters" }, "Begin a new journey"),
          h("a", { class: "button quiet", href: "#/progress" }, "See your progress"),
          h("a", { class: "button quiet", href: "#/preferences" }, "Adjust your preferences"))),
      h("section", { "aria-labelledby": "resume-title" },
        h("h2", { id: "resume-title" }, "Continue where you left off"),
        resumeList,
        h("p", {}, h("a", { href: "#/journeys" }, "See all your journeys"), " to resume, end or delete them."))),
  };
}
