// Whether the game server can be reached, said truthfully, and noticed again by itself.
//
// Any request that cannot reach the server marks us offline; while offline we ask /healthz
// every few seconds (and at once when the browser says the network is back), and tell every
// listener "back" the moment it answers. Screens listen to show an honest status and to
// recover without a "Try again" press.

const PROBE_MS = [1000, 2000, 3000, 5000];
const PROBE_TIMEOUT_MS = 4000;

class Connectivity {
  #online = true;
  #listeners = new Set();
  #timer = 0;
  #attempt = 0;

  constructor() {
    window.addEventListener("online", () => this.probe());
    window.addEventListener("offline", () => this.markOffline());
  }

  get online() {
    return this.#online;
  }

  /** listener(state) with state "offline" or "back"; returns a function that stops it. */
  listen(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  markOffline() {
    if (this.#online) {
      this.#online = false;
      this.#emit("offline");
    }
    this.#schedule();
  }

  markOnline() {
    clearTimeout(this.#timer);
    this.#attempt = 0;
    if (!this.#online) {
      this.#online = true;
      this.#emit("back");
    }
  }

  /** Ask the server now; true when it answered. */
  async probe() {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    try {
      const response = await fetch("/healthz", { cache: "no-store", signal: controller.signal });
      if (!response.ok) throw new Error(String(response.status));
      this.markOnline();
      return true;
    } catch {
      this.markOffline();
      return false;
    } finally {
      clearTimeout(timeout);
    }
  }

  #schedule() {
    clearTimeout(this.#timer);
    const delay = PROBE_MS[Math.min(this.#attempt, PROBE_MS.length - 1)];
    this.#attempt += 1;
    this.#timer = setTimeout(() => this.probe(), delay);
  }

  #emit(state) {
    for (const listener of [...this.#listeners]) listener(state);
  }
}

export const connectivity = new Connectivity();
