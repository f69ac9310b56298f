// One play session's live connection to /ws/play, with automatic reconnect and resume so a
// network drop neither loses nor repeats text.
//
// Every session event carries a rising event_id. We remember the last one applied and, after
// a reconnect, send it back in `resume`: the server replays what we missed, then confirms with
// `subscribed`. Replayed events are handed over as one batch so the screen can drop turns it
// already shows; anything at or below the last id is ignored. If no WebSocket can be opened
// at all, turns go over REST instead.

const RETRY_MS = [300, 800, 1500, 3000, 5000, 8000];
const FALLBACK_AFTER_FAILURES = 4;

export class PlayConnection {
  #socket = null;
  #attempt = 0;
  #failures = 0;
  #timer = 0;
  #heartbeat = 0;
  #closed = false;
  #queue = [];
  #ready = false;
  #replay = null;
  #synced = false; // once in step with the session, every reconnect resumes (even from 0)

  /**
   * @param {object} options
   * @param {string} options.sessionId
   * @param {() => Promise<string>} options.token  a fresh access token
   * @param {(event: object) => void} options.onEvent  each live event, once, in order
   * @param {(events: object[]) => void} options.onReplay  events missed while away, in order
   * @param {(status: string) => void} options.onStatus  connecting | live | reconnecting | rest
   * @param {(text: string) => Promise<object[]>} options.restTurn  one turn over REST, as events
   * @param {number} [options.lastEventId]  replay everything after this id on connect
   * @param {() => boolean} [options.reachable]  whether the server answers HTTP (only then is
   *   a failing socket worth replacing with REST; with the server down we just keep trying)
   */
  constructor({ sessionId, token, onEvent, onReplay, onStatus, restTurn, lastEventId = 0, reachable = () => true }) {
    this.reachable = reachable;
    this.sessionId = sessionId;
    this.token = token;
    this.onEvent = onEvent;
    this.onReplay = onReplay ?? ((events) => events.forEach(onEvent));
    this.onStatus = onStatus ?? (() => {});
    this.restTurn = restTurn;
    this.lastEventId = lastEventId;
    this.mode = "ws";
  }

  get live() {
    return this.#ready;
  }

  connect() {
    this.#closed = false;
    this.onStatus("connecting");
    this.#open().catch(() => this.#scheduleReconnect());
  }

  async #open() {
    const token = await this.token();
    if (this.#closed) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/play`);
    this.#socket = socket;
    this.#ready = false;
    socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "auth", token })));
    socket.addEventListener("message", (message) => this.#receive(socket, message.data));
    socket.addEventListener("close", () => this.#lost(socket));
  }

  #lost(socket) {
    if (this.#socket !== socket) return;
    this.#socket = null;
    clearInterval(this.#heartbeat);
    if (!this.#ready) this.#failures += 1;
    this.#ready = false;
    this.#replay = null;
    if (!this.#closed) this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    if (this.#closed) return;
    if (this.#failures >= FALLBACK_AFTER_FAILURES && this.restTurn && this.reachable()) {
      this.mode = "rest";
      this.onStatus("rest");
      for (const text of this.#queue.splice(0)) {
        this.send(text).catch((error) => this.onEvent({ type: "error", message: error.message }));
      }
    } else {
      this.onStatus("reconnecting");
    }
    const delay = RETRY_MS[Math.min(this.#attempt, RETRY_MS.length - 1)];
    this.#attempt += 1;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#open().catch(() => this.#scheduleReconnect()), delay);
  }

  #receive(socket, raw) {
    let event;
    try {
      event = JSON.parse(raw);
    } catch {
      return;
    }
    if (event.type === "welcome") {
      this.#startHeartbeat(socket, Number(event.heartbeat_interval) || 20);
      this.#replay = [];
      const message = this.#synced || this.lastEventId > 0
        ? { type: "resume", session_id: this.sessionId, last_event_id: this.lastEventId }
        : { type: "subscribe", session_id: this.sessionId };
      socket.send(JSON.stringify(message));
      return;
    }
    if (event.type === "subscribed") {
      this.#becomeLive(socket, event);
      return;
    }
    if (event.type === "reload") {
      this.lastEventId = Math.max(this.lastEventId, Number(event.latest_event_id) || 0);
      this.onEvent(event);
      return;
    }
    if (typeof event.event_id === "number") {
      if (event.session_id && event.session_id !== this.sessionId) return;
      if (event.event_id <= this.lastEventId) return;
      this.lastEventId = event.event_id;
    }
    if (this.#replay) this.#replay.push(event);
    else this.onEvent(event);
  }

  #becomeLive(socket, event) {
    const missed = this.#replay ?? [];
    this.#replay = null;
    this.#ready = true;
    this.#synced = true;
    this.#attempt = 0;
    this.#failures = 0;
    this.mode = "ws";
    this.lastEventId = Math.max(this.lastEventId, missed.length ? 0 : Number(event.latest_event_id) || 0);
    if (missed.length) this.onReplay(missed);
    this.onStatus("live");
    for (const text of this.#queue.splice(0)) this.#sendInput(socket, text);
  }

  #sendInput(socket, text) {
    socket.send(JSON.stringify({ type: "input", session_id: this.sessionId, text }));
  }

  #startHeartbeat(socket, seconds) {
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
    }, Math.max(1, seconds * 0.6) * 1000);
  }

  /** Send one line of play. Queued while reconnecting; over REST when sockets are unavailable. */
  async send(text) {
    if (this.#ready && this.#socket?.readyState === WebSocket.OPEN) {
      this.#sendInput(this.#socket, text);
    } else if (this.mode === "rest") {
      for (const event of await this.restTurn(text)) this.onEvent(event);
    } else {
      this.#queue.push(text);
    }
  }

  /** Lines typed while the connection was down and not sent yet (handed back, forgotten here). */
  takeQueued() {
    return this.#queue.splice(0);
  }

  /** Try again now (the server is back), instead of at the next back-off step. */
  reconnectNow() {
    if (this.#closed || this.#ready || this.#socket) return;
    clearTimeout(this.#timer);
    this.#attempt = 0;
    this.#open().catch(() => this.#scheduleReconnect());
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearInterval(this.#heartbeat);
    this.#socket?.close(1000);
    this.#socket = null;
    this.#ready = false;
  }
}

/** A REST turn result as the events the socket would have sent for it. */
export function eventsFromTurn(turn) {
  const events = [];
  const safety = turn.safety ?? {};
  if (safety.level && safety.level !== "safe") events.push({ type: "safety", ...safety });
  if (turn.narrative) events.push({ type: "narrative_complete", text: turn.narrative });
  for (const signal of turn.progress ?? []) {
    events.push({ ...signal, type: "progress", progress_type: signal.type });
  }
  if (turn.suggestions) events.push({ type: "choices", suggestions: turn.suggestions });
  events.push({ type: "turn_complete", turn_id: turn.turn_id ?? turn.id, turn });
  return events;
}
