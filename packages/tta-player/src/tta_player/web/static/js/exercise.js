// The exercise view: a slow, calm animation paced to a breathing or grounding practice.
// With prefers-reduced-motion the shape stays still and only the words change.
import { h } from "./dom.js";

const CUES = {
  breathing: [["Breathe in", 4], ["Hold gently", 2], ["Breathe out", 6]],
  grounding: [
    ["Notice five things you can see", 6],
    ["Four things you can touch", 6],
    ["Three things you can hear", 6],
    ["Two things you can smell", 6],
    ["One thing you can taste", 6],
  ],
  other: [["Take your time", 6], ["Let your shoulders soften", 6]],
};

export function kindOf(text) {
  const words = String(text ?? "").toLowerCase();
  if (/breath|breathe/.test(words)) return "breathing";
  if (/ground|senses|5-4-3|five things/.test(words)) return "grounding";
  return null;
}

export class ExerciseView {
  constructor({ onClose } = {}) {
    this.onClose = onClose ?? (() => {});
    this.cue = h("p", { class: "cue" });
    this.shape = h("div", { class: "breath-shape", "aria-hidden": "true" });
    this.title = h("h2", { id: "exercise-title", tabindex: "-1" });
    this.node = h("section", { class: "exercise", "aria-labelledby": "exercise-title", hidden: true },
      this.title,
      h("div", { class: "breath-stage" }, this.shape),
      this.cue,
      h("button", { type: "button", class: "button quiet", onclick: () => this.close() }, "I'm done for now"));
    this.timer = 0;
  }

  start({ title, kind }) {
    this.kind = CUES[kind] ? kind : "other";
    this.title.textContent = title || "A moment to practise";
    this.node.dataset.kind = this.kind;
    this.node.hidden = false;
    this.step = 0;
    this.#next();
    this.title.focus();
  }

  setKind(kind) {
    if (!CUES[kind] || kind === this.kind || this.node.hidden) return;
    this.kind = kind;
    this.node.dataset.kind = kind;
    this.step = 0;
    this.#next();
  }

  #next() {
    clearTimeout(this.timer);
    const cues = CUES[this.kind];
    const [text, seconds] = cues[this.step % cues.length];
    this.cue.textContent = text;
    this.shape.dataset.phase = text.startsWith("Breathe in") ? "in" : text.startsWith("Breathe out") ? "out" : "hold";
    this.step += 1;
    this.timer = setTimeout(() => this.#next(), seconds * 1000);
  }

  get open() {
    return !this.node.hidden;
  }

  close() {
    clearTimeout(this.timer);
    this.node.hidden = true;
    this.onClose();
  }
}
