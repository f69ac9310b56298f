// Playing: the story (scrolling in its own box, the page stays put), the input with history,
// suggested actions, where you are and how far this world's journey has come, one panel at a
// time below the story (an exercise, a mood check-in, leaving, the world's ending), the
// check-in when the game needs to ask, and honest words when the server can't be reached.
import { ApiError, NetworkError, itemsOf } from "../api.js";
import { connectivity } from "../connectivity.js";
import { announce, h } from "../dom.js";
import { ExercisePanel, kindOf } from "../exercise.js";
import { endingAlreadyShown, endingCard, leaveCard, markEndingShown, worldProgress } from "../journey.js";
import { moodCard } from "../mood.js";
import { PlayConnection, eventsFromTurn } from "../realtime.js";
import { checkInCard, helpButton, looksLikeCrisis, supportNote } from "../safety.js";
import { Story } from "../story.js";

const STATUS_TEXT = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Connection lost. Reconnecting… your story is safe.",
  offline: "Offline: the game can't be reached. Your story is safe; we'll reconnect by ourselves.",
  back: "Back online. Reconnecting…",
  rest: "Live updates are unavailable; playing in simple mode.",
};

const named = (thing) => (thing && typeof thing === "object" ? thing.title ?? thing.name ?? thing.id : thing) ?? "";
const newest = (turns) => turns.reduce((a, b) => ((b.number ?? 0) > (a?.number ?? -1) ? b : a), null);
const isCheckIn = (verdict) => verdict?.action === "check_in";

const boundaryKey = (sessionId) => `tta.turn-boundary.${sessionId}`;
export const introKey = (sessionId) => `tta.intro.${sessionId}`;

export async function playScreen(app, { sessionId }) {
  const path = `/sessions/${encodeURIComponent(sessionId)}`;
  let [session, history, progress] = await Promise.all([
    app.api.get(path),
    app.api.get(`${path}/turns?limit=50`),
    app.api.get("/players/me/progress?days=1").catch(() => null),
  ]);
  if (session.status === "completed") {
    app.go(`/journeys/${encodeURIComponent(sessionId)}`);
    return null;
  }
  const returning = session.status === "paused";
  if (returning) session = await app.api.post(`${path}/resume`);
  const world = await app.api.get(`/worlds/${encodeURIComponent(session.world_id)}`).catch(() => ({}));
  const turns = itemsOf(history, "turns").sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
  const shownTurns = new Set(turns.map((t) => t.turn_id ?? t.id));
  const guides = Object.fromEntries((world.exercise_guides ?? []).map((g) => [g.id, g]));

  const story = new Story();
  const statusLine = h("p", { class: "connection", role: "status" });
  const placeText = h("dd", { class: "location" }, "Just arriving");
  const carried = h("dd", { class: "inventory" });
  const milestoneText = h("dd", { class: "milestones" });
  const suggestions = h("div", { class: "suggestions", role: "group", "aria-label": "Suggested actions" });
  const input = h("input", { id: "play-input", type: "text", autocomplete: "off", maxlength: 2000, "aria-describedby": "play-input-hint" });
  const sendButton = h("button", { type: "submit", class: "button" }, "Send");
  const panelArea = h("div", { class: "play-panel" });
  const exercise = new ExercisePanel({
    onClose: () => input.focus(),
    write: (body) => app.api.post("/players/me/journal", { ...body, session_id: sessionId }),
    panel: app.panel,
  });
  const form = h("form", { class: "composer" },
    h("label", { for: "play-input" }, "What do you do?"),
    h("p", { class: "hint", id: "play-input-hint" }, "Press Enter to send. The up arrow brings back what you wrote before."),
    h("div", { class: "composer-row" }, input, sendButton));

  // --- one panel at a time below the story -------------------------------------------------
  function showPanel(node) {
    if (node !== exercise.node && exercise.open) exercise.close();
    panelArea.replaceChildren(node);
    node.hidden = false;
    (node.focusFirst ?? (() => node.querySelector("h2")?.focus()))();
  }
  function clearPanel(node) {
    if (!node || panelArea.contains(node)) panelArea.replaceChildren(exercise.open ? exercise.node : "");
  }

  // --- where you are and how far the world's journey has come ------------------------------
  function renderPlace({ location, inventory = [] }) {
    if (named(location)) placeText.textContent = named(location);
    carried.textContent = inventory.length ? inventory.map(named).join(", ") : "Nothing yet";
  }
  let journeyState = worldProgress(progress, world);
  function renderMilestones() {
    milestoneText.textContent = journeyState.total
      ? `${journeyState.reached} of ${journeyState.total}${journeyState.completed ? " · world completed" : ""}`
      : "None here";
  }
  /** After a turn that reached milestones: the count, and the world's ending once. */
  async function milestonesReached(events, completion = null) {
    const fresh = await app.api.get("/players/me/progress?days=1").catch(() => progress);
    const known = new Set((fresh?.milestones ?? []).map((m) => m.id));
    progress = { ...fresh, milestones: [...(fresh?.milestones ?? []), ...events.filter((e) => !known.has(e.id))] };
    journeyState = worldProgress(progress, world);
    if (completion) {
      journeyState = { ...journeyState, completed: true, ending: { title: completion.title, text: completion.text } };
    }
    renderMilestones();
    const here = new Set((world.milestone_refs ?? []).map((m) => m.id));
    const reachedHere = Boolean(completion) || events.some((e) => here.has(e.id)); // this turn moved this world on
    if (journeyState.completed && reachedHere && !endingAlreadyShown(sessionId)) {
      markEndingShown(sessionId);
      const card = endingCard({
        world,
        told: Boolean(completion?.told),
        state: journeyState,
        onKeepGoing: () => { clearPanel(card); input.focus(); },
        onEnd: () => leave(true),
      });
      showPanel(card);
    }
  }

  // --- events ----------------------------------------------------------------------------
  let pendingNote = null;
  let pendingCheckIn = null;
  let ownTurn = false; // a turn this page started (its line is already shown)
  const STALL_MS = 30000; // a turn gone silent (its connection lost mid-turn) must not lock the input
  let stallTimer = 0;
  function watchForStall() {
    clearTimeout(stallTimer);
    if (!story.busy) return;
    stallTimer = setTimeout(() => {
      if (!story.busy) return;
      story.endReply();
      unbusy();
      story.system("That turn didn't finish because the connection dropped. Your story is safe; please send your last line again.");
    }, STALL_MS);
  }
  function unbusy() {
    story.busy = false;
    sendButton.disabled = false;
  }

  function apply(event) {
    watchForStall();
    switch (event.type) {
      case "narrative_chunk":
        story.reply.append(event.text);
        break;
      case "narrative_complete":
        story.reply.textContent = event.text;
        break;
      case "choices":
        renderSuggestions(event.suggestions);
        break;
      case "safety":
        onSafety(event.verdict ?? event);
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
        onTurnError(event.message || "That didn't go through. Please try again.");
        break;
      default:
        break;
    }
  }

  function onSafety(verdict) {
    if (verdict.level === "crisis") app.panel.open(verdict.resources);
    else if (isCheckIn(verdict)) pendingCheckIn = verdict;
    else if (verdict.level === "concern") pendingNote = supportNote(verdict, app.panel);
  }

  function onProgress(event) {
    const kind = event.progress_type;
    if (kind === "exercise") {
      const guide = guides[event.id];
      exercise.start({ guide, title: event.title, kind: kindOf(guide, `${event.id} ${event.title}`) });
      showPanel(exercise.node);
    } else if (kind === "skill") {
      exercise.setKind(event.id);
    } else if (kind === "milestone") {
      // Told once: by the narrator, or here when the narrator did not say it.
      const told = story.pendingReply?.textContent.includes(event.title);
      pendingMilestones.push({ id: event.id, title: event.title, told });
    } else if (kind === "completion") {
      // The world is complete: the narrator tells its ending; the card offers what is next.
      const told = Boolean(event.detail) && story.pendingReply?.textContent.includes(event.detail);
      pendingCompletion = { title: event.title, text: event.detail, told };
    }
  }
  const pendingMilestones = [];
  let pendingCompletion = null;

  // A "yes" to the check-in's question opens the help panel at once, whatever the server
  // makes of the words (it hears them too).
  let openCheckIn = null;
  function checkIn(verdict, { answered = false } = {}) {
    if (!answered) openCheckIn = verdict;
    return checkInCard(verdict, { answered, onReply: (text) => submit(text) });
  }
  function answerCheckIn(line) {
    const verdict = openCheckIn;
    openCheckIn = null;
    for (const card of story.node.querySelectorAll(".check-in")) card.settle?.();
    if (verdict && /^\s*(yes|yeah|yep|yup)\b/i.test(line)) app.panel.open(verdict.resources);
  }

  async function finishTurn(event) {
    const reply = story.endReply();
    const mine = ownTurn;
    ownTurn = false;
    clearTimeout(stallTimer);
    const milestones = pendingMilestones.splice(0);
    for (const m of milestones.filter((m) => !m.told)) story.system(`Milestone reached: ${m.title}`);
    if (pendingCheckIn) {
      for (const old of story.node.querySelectorAll(".check-in")) old.settle?.();
      const card = checkIn(pendingCheckIn);
      if (reply) reply.replaceWith(card);
      else story.append(card);
      story.reveal(card);
      openCheckIn = pendingCheckIn;
      suggestions.replaceChildren(); // the card holds the replies; the story waits
    }
    if (pendingNote) story.append(pendingNote);
    pendingNote = null;
    pendingCheckIn = null;
    if (event.turn_id) shownTurns.add(event.turn_id);
    if (event.event_id) sessionStorage.setItem(boundaryKey(sessionId), String(event.event_id));
    try {
      // A turn played elsewhere (another tab, a REST client) streams no words of the player:
      // fetch it to show them, and the place and pockets after it.
      const recent = event.turn ? [event.turn] : itemsOf(await app.api.get(`${path}/turns?limit=${mine ? 1 : 20}`), "turns");
      const turn = recent.find((t) => t.turn_id === event.turn_id) ?? newest(recent);
      if (turn) renderPlace(newest(recent) ?? turn);
      const anchor = reply?.isConnected ? reply : story.node.querySelector(".check-in:last-of-type");
      if (!mine && turn?.turn_id === event.turn_id && turn.input && anchor) {
        anchor.before(story.playerLine(turn.input));
        sent.push(turn.input);
        recall = sent.length;
      }
    } catch {
      // The place panel catches up on the next turn.
    }
    const completion = pendingCompletion;
    pendingCompletion = null;
    if (milestones.length || completion) await milestonesReached(milestones, completion);
    unbusy(); // the turn, and what it changed around the story, is done
  }

  /** Events missed while away, cut into turns; those already on screen are dropped. */
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
  let retried = false; // one quiet resume-and-resend when the server paused an idle journey

  async function submit(text) {
    const line = text.trim();
    if (!line) return;
    if (exercise.open) exercise.close(); // moving on ends the practice
    if (beforeMood?.isConnected) clearPanel(beforeMood); // the check-in is optional
    answerCheckIn(line);
    sent.push(line);
    recall = sent.length;
    input.value = "";
    story.addPlayer(line);
    ownTurn = true;
    lastLine = line;
    retried = false;
    // Screen readers hear the narrator's reply once, whole, when the turn completes.
    story.busy = true;
    sendButton.disabled = true;
    if (!connectivity.online) failSend(line, new NetworkError());
    else {
      try {
        await connection.send(line);
      } catch (error) {
        if (!(await resumeAndResend(error))) failSend(line, error);
      }
    }
    input.focus();
  }
  let lastLine = "";

  /** The server paused this journey while the page sat idle: resume it and send again, once. */
  async function resumeAndResend(error) {
    const paused = /\bpaused\b/.test(error?.message ?? "") && (!(error instanceof ApiError) || error.status === 409);
    if (!paused || retried) return false;
    retried = true;
    try {
      await app.api.post(`${path}/resume`);
      await connection.send(lastLine);
      return true;
    } catch {
      return false;
    }
  }

  async function onTurnError(message) {
    if (await resumeAndResend({ message })) return;
    story.endReply()?.remove();
    story.system(`${message} `, helpButton(app.panel));
    unbusy();
  }

  /** A line that could not be sent: say so, keep the words, and help at once if it reads like a crisis. */
  function failSend(line, error) {
    const offline = error instanceof NetworkError;
    if (offline && looksLikeCrisis(line)) app.panel.open();
    story.system(
      offline ? "We couldn't reach the game, so that line wasn't sent. It's back in the box below to send again. " : `${error.message} `,
      helpButton(app.panel));
    if (offline) input.value = line;
    unbusy();
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

  function renderSuggestions(list) {
    suggestions.replaceChildren(...(list ?? []).map((text) =>
      h("button", { type: "button", class: "chip", onclick: () => submit(text) }, text)));
  }

  // --- connection ------------------------------------------------------------------------
  let connectionStatus = "connecting";
  function showStatus() {
    const status = connectivity.online ? connectionStatus : "offline";
    statusLine.textContent = STATUS_TEXT[status] ?? "";
    statusLine.dataset.status = status;
  }
  const connection = new PlayConnection({
    sessionId,
    lastEventId: Number(sessionStorage.getItem(boundaryKey(sessionId))) || 0,
    token: () => app.api.freshToken(),
    onEvent: apply,
    onReplay: replay,
    reachable: () => connectivity.online,
    onStatus: (status) => {
      connectionStatus = status;
      if (status === "reconnecting") connectivity.probe();
      if (status === "live") watchForStall();
      else clearTimeout(stallTimer);
      showStatus();
    },
    restTurn: async (text) => eventsFromTurn(await app.api.post(`${path}/turns`, { input: text })),
  });
  const stopListening = connectivity.listen((state) => {
    if (state === "offline") {
      for (const line of connection.takeQueued()) failSend(line, new NetworkError());
    } else {
      connectionStatus = "back";
      connection.reconnectNow();
    }
    showStatus();
  });

  // --- leaving ---------------------------------------------------------------------------
  function leave(ending) {
    const card = leaveCard({
      app,
      sessionId,
      ending,
      onStay: () => { clearPanel(card); input.focus(); },
      onLeft: () => {
        if (ending) app.go(`/journeys/${encodeURIComponent(sessionId)}`);
        else {
          announce("Your journey is paused. It will be waiting on the home screen.");
          app.go("/home");
        }
      },
    });
    showPanel(card);
  }

  // --- first paint -----------------------------------------------------------------------
  const storedIntro = sessionStorage.getItem(introKey(sessionId));
  const historicLines = (older, newestTurn) => [
    ...(storedIntro && older[0]?.number === 1 ? [story.narratorLine(storedIntro)] : []),
    ...older.flatMap((turn) => [
      turn.input ? story.playerLine(turn.input) : null,
      isCheckIn(turn.safety)
        ? checkIn(turn.safety, { answered: turn !== newestTurn })
        : turn.narrative ? story.narratorLine(turn.narrative) : null,
    ]).filter(Boolean),
  ];
  const last = turns[turns.length - 1];
  if (turns.length) story.append(...historicLines(turns, last));
  else {
    const intro = story.narratorLine(storedIntro ?? world.description ?? "");
    story.append(intro);
    story.system("Type what you'd like to do, or choose a suggestion below. There's no wrong way to begin.");
    requestAnimationFrame(() => story.reveal(intro)); // a story is read from its beginning
  }
  if (!isCheckIn(last?.safety)) renderSuggestions(last?.suggestions?.length ? last.suggestions : ["look around", "breathe"]);
  renderPlace({ location: last?.location ?? session.location, inventory: last?.inventory ?? [] });
  renderMilestones();

  // Long journeys load their latest moments first; earlier ones come on request.
  let cursor = history.next_cursor ?? null;
  const earlier = h("button", { type: "button", class: "button quiet earlier", hidden: !cursor }, "Show earlier moments");
  earlier.addEventListener("click", async () => {
    const page = await app.api.get(`${path}/turns?limit=50&cursor=${encodeURIComponent(cursor)}`);
    const older = itemsOf(page, "turns").sort((a, b) => a.number - b.number);
    story.prepend(historicLines(older, null));
    sent.unshift(...older.map((t) => t.input).filter(Boolean));
    recall = sent.length;
    cursor = page.next_cursor ?? null;
    if (!cursor) {
      earlier.hidden = true;
      story.node.focus();
    }
  });

  // A mood check-in when a journey begins or is come back to: optional, never in the way.
  const beforeMood = turns.length === 0 || returning
    ? moodCard({
        title: turns.length ? "Welcome back. How are you feeling?" : "Before you begin: how are you feeling?",
        intro: "Optional. It helps you see how playing sits with you over time.",
        save: (body) => app.api.post("/players/me/moods", { ...body, moment: "before", session_id: sessionId }),
        onSkip: () => { clearPanel(beforeMood); input.focus(); },
        onSaved: () => { clearPanel(beforeMood); input.focus(); },
        panel: app.panel,
      })
    : null;
  if (beforeMood) panelArea.append(beforeMood);

  const worldTitle = world.title ?? "Your journey";
  return {
    title: worldTitle,
    focus: input,
    layout: "play",
    onShow() {
      connection.connect();
      showStatus();
      app.router.onLeave(() => {
        clearTimeout(stallTimer);
        stopListening();
        connection.close();
        exercise.close();
      });
    },
    node: h("div", { class: "play" },
      h("div", { class: "play-head" },
        h("h1", {}, worldTitle),
        statusLine,
        h("div", { class: "play-actions" },
          h("button", { type: "button", class: "button quiet small", onclick: () => leave(false) }, "Pause and leave"),
          h("button", { type: "button", class: "button quiet small", onclick: () => leave(true) }, "End journey"))),
      h("div", { class: "play-body" },
        h("section", { class: "play-main", "aria-label": "Story" }, earlier, story.node, panelArea, suggestions, form),
        h("aside", { class: "play-side", "aria-label": "Where you are" },
          h("dl", { class: "facts-list" },
            h("div", {}, h("dt", {}, "Where you are"), placeText),
            h("div", {}, h("dt", {}, "What you carry"), carried),
            h("div", {}, h("dt", {}, "Milestones"), milestoneText))))),
  };
}
