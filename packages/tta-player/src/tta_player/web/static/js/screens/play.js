// Playing: the story log (an ARIA live region that grows as text streams in), the input with
// history, suggested actions, where you are and what you carry, exercises and safety.
import { itemsOf } from "../api.js";
import { announce, h } from "../dom.js";
import { ExerciseView, kindOf } from "../exercise.js";
import { PlayConnection, eventsFromTurn } from "../realtime.js";
import { supportNote } from "../safety.js";

const STATUS_TEXT = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Connection lost. Reconnecting… your story is safe.",
  rest: "Live updates are unavailable; playing in simple mode.",
};

const named = (thing) => (thing && typeof thing === "object" ? thing.title ?? thing.name ?? thing.id : thing) ?? "";
const newest = (turns) => turns.reduce((a, b) => ((b.number ?? 0) > (a?.number ?? -1) ? b : a), null);

const boundaryKey = (sessionId) => `tta.turn-boundary.${sessionId}`;
export const introKey = (sessionId) => `tta.intro.${sessionId}`;

export async function playScreen(app, { sessionId }) {
  const path = `/sessions/${encodeURIComponent(sessionId)}`;
  let [session, history] = await Promise.all([app.api.get(path), app.api.get(`${path}/turns?limit=50`)]);
  if (session.status === "paused") session = await app.api.post(`${path}/resume`);
  const world = await app.api.get(`/worlds/${encodeURIComponent(session.world_id)}`).catch(() => ({}));
  const turns = itemsOf(history, "turns").sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
  const shownTurns = new Set(turns.map((t) => t.turn_id ?? t.id));

  const log = h("div", { class: "story", role: "log", "aria-live": "polite", "aria-label": "Your story", tabindex: "0" });
  const statusLine = h("p", { class: "connection", role: "status" });
  const locationText = h("p", { class: "location" }, "Just arriving");
  const inventoryList = h("ul", { class: "inventory" });
  const suggestions = h("div", { class: "suggestions", role: "group", "aria-label": "Suggested actions" });
  const input = h("input", { id: "play-input", type: "text", autocomplete: "off", maxlength: 2000, "aria-describedby": "play-input-hint" });
  const sendButton = h("button", { type: "submit", class: "button" }, "Send");
  const exercise = new ExerciseView({ onClose: () => input.focus() });
  const form = h("form", { class: "composer" },
    h("label", { for: "play-input" }, "What do you do?"),
    h("p", { class: "hint", id: "play-input-hint" }, "Press Enter to send. The up arrow brings back what you wrote before."),
    h("div", { class: "composer-row" }, input, sendButton));

  // --- the story log ---------------------------------------------------------------------
  let current = null; // the narrator's paragraph of the turn in flight
  let pendingNote = null;
  let ownTurn = false; // a turn this page started (its line is already shown)

  const playerLine = (text) => h("p", { class: "line you" }, h("span", { class: "visually-hidden" }, "You: "), text);

  function addPlayerLine(text) {
    log.append(playerLine(text));
  }

  function narratorLine() {
    current ??= h("p", { class: "line narrator", "aria-busy": "true" });
    if (!current.isConnected) log.append(current);
    return current;
  }

  let holdScroll = false; // while earlier moments are put in above what the player is reading
  function scrollDown() {
    if (!holdScroll) log.scrollTop = log.scrollHeight;
  }
  new MutationObserver(scrollDown).observe(log, { childList: true, subtree: true, characterData: true });

  function renderSuggestions(list) {
    suggestions.replaceChildren(...(list ?? []).map((text) =>
      h("button", { type: "button", class: "chip", onclick: () => submit(text) }, text)));
  }

  function renderPlace({ location, inventory = [] }) {
    if (named(location)) locationText.textContent = named(location);
    inventoryList.replaceChildren(...(inventory.length
      ? inventory.map((item) => h("li", {}, named(item)))
      : [h("li", { class: "empty" }, "Nothing yet")]));
  }

  const storedIntro = sessionStorage.getItem(introKey(sessionId));
  const historicLines = (older) => [
    ...(storedIntro && older[0]?.number === 1 ? [h("p", { class: "line narrator" }, storedIntro)] : []),
    ...older.flatMap((turn) => [
      turn.input ? playerLine(turn.input) : null,
      turn.narrative ? h("p", { class: "line narrator" }, turn.narrative) : null,
    ]).filter(Boolean),
  ];

  // Long journeys load their latest moments first; earlier ones come on request.
  let cursor = history.next_cursor ?? null;
  const earlier = h("button", { type: "button", class: "button quiet earlier", hidden: !cursor }, "Show earlier moments");
  earlier.addEventListener("click", async () => {
    const page = await app.api.get(`${path}/turns?limit=50&cursor=${encodeURIComponent(cursor)}`);
    const older = itemsOf(page, "turns").sort((a, b) => a.number - b.number);
    const before = log.scrollHeight;
    holdScroll = true;
    log.prepend(...historicLines(older));
    log.scrollTop += log.scrollHeight - before;
    setTimeout(() => (holdScroll = false));
    sent.unshift(...older.map((t) => t.input).filter(Boolean));
    recall = sent.length;
    cursor = page.next_cursor ?? null;
    if (!cursor) {
      earlier.hidden = true;
      log.focus();
    }
  });

  // --- events ----------------------------------------------------------------------------
  // A turn that goes silent (its server connection lost mid-turn) must not lock the input.
  const STALL_MS = 30000;
  let stallTimer = 0;
  function watchForStall() {
    clearTimeout(stallTimer);
    if (!log.hasAttribute("aria-busy")) return;
    stallTimer = setTimeout(() => {
      if (!log.hasAttribute("aria-busy")) return;
      current?.removeAttribute("aria-busy");
      current = null;
      log.removeAttribute("aria-busy");
      sendButton.disabled = false;
      log.append(h("p", { class: "line system" }, "That turn didn't finish because the connection dropped. Your story is safe; please send your last line again."));
    }, STALL_MS);
  }

  function apply(event) {
    watchForStall();
    switch (event.type) {
      case "narrative_chunk":
        narratorLine().append(event.text);
        scrollDown();
        break;
      case "narrative_complete":
        narratorLine().textContent = event.text;
        scrollDown();
        break;
      case "choices":
        renderSuggestions(event.suggestions);
        break;
      case "safety":
        onSafety(event);
        break;
      case "progress":
        onProgress(event);
        break;
      case "turn_complete":
        finishTurn(event);
        break;
      case "reload":
        sessionStorage.setItem(boundaryKey(sessionId), String(event.latest_event_id ?? 0));
        announce("Some updates were missed; the story has been refreshed.");
        app.router.resolve();
        break;
      case "error":
        log.append(h("p", { class: "line system" }, event.message || "That didn't go through. Please try again."));
        log.removeAttribute("aria-busy");
        sendButton.disabled = false;
        break;
      default:
        break;
    }
  }

  function onSafety(event) {
    const verdict = event.verdict ?? event;
    if (verdict.level === "crisis") {
      app.panel.open(verdict.resources);
    } else if (verdict.level === "concern") {
      pendingNote = supportNote(verdict, app.panel); // shown after the narrator's reply
    }
  }

  function onProgress(event) {
    const kind = event.progress_type;
    if (kind === "exercise") {
      exercise.start({ title: event.title, kind: kindOf(`${event.id} ${event.title}`) });
    } else if (kind === "skill") {
      exercise.setKind(event.id);
      announce(`Skill practised: ${event.title}`);
    } else if (kind === "milestone") {
      log.append(h("p", { class: "line milestone" }, `Milestone reached: ${event.title}`));
      announce(`Milestone reached: ${event.title}`);
    }
  }

  async function finishTurn(event) {
    const reply = current;
    const mine = ownTurn;
    ownTurn = false;
    clearTimeout(stallTimer);
    if (pendingNote) log.append(pendingNote);
    pendingNote = null;
    log.removeAttribute("aria-busy");
    current?.removeAttribute("aria-busy");
    current = null;
    if (event.turn_id) shownTurns.add(event.turn_id);
    if (event.event_id) sessionStorage.setItem(boundaryKey(sessionId), String(event.event_id));
    sendButton.disabled = false;
    try {
      // A turn played elsewhere (another tab, a REST client) streams no words of the player:
      // fetch it to show them, and the place and pockets after it.
      const recent = event.turn ? [event.turn] : itemsOf(await app.api.get(`${path}/turns?limit=${mine ? 1 : 20}`), "turns");
      const turn = recent.find((t) => t.turn_id === event.turn_id) ?? newest(recent);
      if (turn) renderPlace(newest(recent) ?? turn);
      if (!mine && turn?.turn_id === event.turn_id && turn.input && reply?.isConnected) {
        reply.before(playerLine(turn.input));
        sent.push(turn.input);
        recall = sent.length;
      }
    } catch {
      // The place panel catches up on the next turn.
    }
  }

  /**
   * Events missed while away, oldest first, cut into turns. Every turn up to the newest one
   * already on screen (from history) is dropped; the ones after it, and a turn still in
   * flight, are played out.
   */
  function replay(events) {
    const groups = [[]];
    for (const event of events) {
      groups[groups.length - 1].push(event);
      if (event.type === "turn_complete") groups.push([]);
    }
    const newestShown = groups.findLastIndex((group) => shownTurns.has(group.at(-1)?.turn_id));
    for (const group of groups.slice(newestShown + 1)) group.forEach(apply);
  }

  // --- input -----------------------------------------------------------------------------
  const sent = turns.map((t) => t.input).filter(Boolean);
  let recall = sent.length;

  async function submit(text) {
    const line = text.trim();
    if (!line) return;
    if (exercise.open) exercise.close(); // moving on ends the practice
    sent.push(line);
    recall = sent.length;
    input.value = "";
    addPlayerLine(line);
    ownTurn = true;
    // Screen readers hear the narrator's reply once, whole, when the turn completes.
    log.setAttribute("aria-busy", "true");
    sendButton.disabled = true;
    try {
      await connection.send(line);
    } catch (error) {
      log.append(h("p", { class: "line system" }, error.message));
      log.removeAttribute("aria-busy");
      sendButton.disabled = false;
    }
    input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(input.value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowUp" && recall > 0) {
      recall -= 1;
      input.value = sent[recall];
      event.preventDefault();
    } else if (event.key === "ArrowDown" && recall < sent.length) {
      recall += 1;
      input.value = sent[recall] ?? "";
      event.preventDefault();
    }
  });

  // --- connection ------------------------------------------------------------------------
  const connection = new PlayConnection({
    sessionId,
    lastEventId: Number(sessionStorage.getItem(boundaryKey(sessionId))) || 0,
    token: () => app.api.freshToken(),
    onEvent: apply,
    onReplay: replay,
    onStatus: (status) => {
      statusLine.textContent = STATUS_TEXT[status] ?? "";
      statusLine.dataset.status = status;
      if (status === "live") watchForStall();
      else clearTimeout(stallTimer);
    },
    restTurn: async (text) => eventsFromTurn(await app.api.post(`${path}/turns`, { input: text })),
  });

  async function pause() {
    try {
      await app.api.post(`${path}/pause`);
      announce("Your journey is paused. It will be waiting on the home screen.");
    } finally {
      app.go("/home");
    }
  }

  // --- first paint -----------------------------------------------------------------------
  if (turns.length) log.append(...historicLines(turns));
  else {
    log.append(h("p", { class: "line narrator" }, storedIntro ?? world.description ?? ""));
    log.append(h("p", { class: "line system" }, "Type what you'd like to do, or choose a suggestion below. There's no wrong way to begin."));
  }
  const last = turns[turns.length - 1];
  renderSuggestions(last?.suggestions?.length ? last.suggestions : ["look around", "breathe"]);
  renderPlace({ location: last?.location ?? session.location, inventory: last?.inventory ?? [] });

  const worldTitle = world.title ?? "Your journey";
  return {
    title: worldTitle,
    focus: input,
    onShow() {
      connection.connect();
      app.router.onLeave(() => {
        clearTimeout(stallTimer);
        connection.close();
        exercise.close();
      });
    },
    node: h("div", { class: "play" },
      h("div", { class: "play-head" },
        h("h1", {}, worldTitle),
        statusLine,
        h("button", { type: "button", class: "button quiet", onclick: pause }, "Pause and leave")),
      h("div", { class: "play-body" },
        h("section", { class: "play-main", "aria-label": "Story" }, earlier, log, exercise.node, suggestions, form),
        h("aside", { class: "play-side", "aria-label": "Where you are" },
          h("h2", {}, "Where you are"), locationText,
          h("h2", {}, "What you carry"), inventoryList))),
  };
}
