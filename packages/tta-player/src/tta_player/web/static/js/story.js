// The story log: an ARIA live region that scrolls inside its own box, newest line in view,
// while the page around it stays put.
import { h } from "./dom.js";

export class Story {
  #current = null; // the narrator's paragraph of the turn in flight
  #holdScroll = false; // while earlier moments are put in above what the player is reading
  #atBottom = true;

  constructor() {
    this.node = h("div", { class: "story", role: "log", "aria-live": "polite", "aria-label": "Your story", tabindex: "0" });
    new MutationObserver(() => this.scrollDown()).observe(this.node, { childList: true, subtree: true, characterData: true });
    // A panel opening below (an exercise, a check-in) makes the box shorter: a player reading
    // the newest line keeps it in view; one reading further up stays where they are.
    this.node.addEventListener("scroll", () => {
      this.#atBottom = this.node.scrollTop + this.node.clientHeight >= this.node.scrollHeight - 4;
    }, { passive: true });
    new ResizeObserver(() => {
      if (this.#atBottom) this.scrollDown();
    }).observe(this.node);
  }

  scrollDown() {
    if (!this.#holdScroll) this.node.scrollTop = this.node.scrollHeight;
  }

  playerLine(text) {
    return h("p", { class: "line you" }, h("span", { class: "visually-hidden" }, "You: "), text);
  }

  narratorLine(text) {
    return h("p", { class: "line narrator" }, text);
  }

  addPlayer(text) {
    this.node.append(this.playerLine(text));
  }

  /** The narrator's paragraph of the turn in flight (made on first use). */
  get reply() {
    this.#current ??= h("p", { class: "line narrator", "aria-busy": "true" });
    if (!this.#current.isConnected) this.node.append(this.#current);
    return this.#current;
  }

  /** The paragraph of the turn in flight, if any, without making one. */
  get pendingReply() {
    return this.#current;
  }

  endReply() {
    const reply = this.#current;
    reply?.removeAttribute("aria-busy");
    this.#current = null;
    return reply;
  }

  /** A quiet line from the game itself (not the narrator): notes, errors. */
  system(...content) {
    const line = h("p", { class: "line system" }, ...content);
    this.node.append(line);
    return line;
  }

  append(...nodes) {
    this.node.append(...nodes);
  }

  /** Bring ``node`` to the top of the box (a question must be read from its start). */
  reveal(node) {
    this.#holdScroll = true;
    this.node.scrollTop = Math.max(0, node.offsetTop - 12);
    setTimeout(() => (this.#holdScroll = false), 50);
  }

  /** Put earlier moments above, keeping what the player is reading where it is. */
  prepend(nodes) {
    const before = this.node.scrollHeight;
    this.#holdScroll = true;
    this.node.prepend(...nodes);
    this.node.scrollTop += this.node.scrollHeight - before;
    setTimeout(() => (this.#holdScroll = false));
  }

  set busy(value) {
    if (value) this.node.setAttribute("aria-busy", "true");
    else this.node.removeAttribute("aria-busy");
  }

  get busy() {
    return this.node.hasAttribute("aria-busy");
  }
}
