// The exercise panel: each kind of practice gets its own. Breathing paces a slow shape;
// grounding, visualisation and stretching walk through their steps at the player's pace;
// journaling, thought records and gratitude give a place to write (journal.js).
// With prefers-reduced-motion the breathing shape stays still and only the words change.
import { h } from "./dom.js";
import { writingForm } from "./journal.js";

const BREATH = [["Breathe in", 4], ["Hold gently", 2], ["Breathe out", 6]];
const GROUNDING = [
  "Notice five things you can see.",
  "Notice four things you can touch.",
  "Notice three things you can hear.",
  "Notice two things you can smell.",
  "Notice one thing you can taste, or one thing you are glad of.",
];
const WRITING = new Set(["journaling", "gratitude", "thought_record"]);

/** The panel's kind for an exercise (its guide's kind; a thought record is its own). */
export function kindOf(guide, fallbackText = "") {
  if (guide?.kind) return guide.kind === "journaling" && /thought/.test(guide.id) ? "thought_record" : guide.kind;
  const words = String(fallbackText).toLowerCase();
  if (/breath|breathe/.test(words)) return "breathing";
  if (/ground|senses|5-4-3|five things/.test(words)) return "grounding";
  if (/thought record|thought diary/.test(words)) return "thought_record";
  if (/journal|write|worry/.test(words)) return "journaling";
  if (/good things|grateful|gratitude|thank/.test(words)) return "gratitude";
  return null;
}

export class ExercisePanel {
  /**
   * @param {object} options
   * @param {() => void} options.onClose
   * @param {(body: object) => Promise<object>} options.write  saves a journal entry, returns the answer
   * @param {object} options.panel  the crisis panel
   */
  constructor({ onClose, write, panel }) {
    this.onClose = onClose ?? (() => {});
    this.write = write;
    this.panel = panel;
    this.title = h("h2", { id: "exercise-title", tabindex: "-1" });
    this.body = h("div", { class: "exercise-body" });
    this.node = h("section", { class: "exercise", "aria-labelledby": "exercise-title", hidden: true },
      h("div", { class: "exercise-head" },
        this.title,
        h("button", { type: "button", class: "button quiet small done", onclick: () => this.close() }, "I'm done for now")),
      this.body);
    this.timer = 0;
    this.kind = null;
  }

  get open() {
    return !this.node.hidden;
  }

  /** Start an exercise: ``guide`` from the world ({id, title, kind, intro, steps, closing}). */
  start({ guide, title, kind }) {
    this.guide = guide ?? null;
    this.title.textContent = guide?.title || title || "A moment to practise";
    this.node.hidden = false;
    this.#show(kind ?? kindOf(guide, title) ?? "other");
    this.title.focus();
  }

  /** A later hint about the kind (the skill event names it), when the guide was unknown. */
  setKind(kind) {
    if (this.guide || !this.open || !kind || kind === this.kind) return;
    this.#show(kind);
  }

  close() {
    clearTimeout(this.timer);
    if (this.node.hidden) return;
    this.node.hidden = true;
    this.body.replaceChildren();
    this.onClose();
  }

  #show(kind) {
    clearTimeout(this.timer);
    this.kind = kind;
    this.node.dataset.kind = kind;
    const intro = this.guide?.intro ? h("p", { class: "exercise-intro" }, this.guide.intro) : null;
    let content;
    if (kind === "breathing") content = this.#breathing();
    else if (WRITING.has(kind)) {
      content = writingForm({
        kind,
        guide: this.guide,
        title: this.title.textContent,
        write: this.write,
        panel: this.panel,
        onDone: () => this.close(),
      });
    } else content = this.#steps(kind === "grounding" && !this.guide?.steps?.length ? GROUNDING : this.guide?.steps ?? GROUNDING);
    this.body.replaceChildren(...[intro, content].filter(Boolean));
  }

  #breathing() {
    const shape = h("div", { class: "breath-shape", "aria-hidden": "true" });
    const cue = h("p", { class: "cue", "aria-live": "off" });
    let step = 0;
    const next = () => {
      const [text, seconds] = BREATH[step % BREATH.length];
      cue.textContent = text;
      shape.dataset.phase = text.startsWith("Breathe in") ? "in" : text.startsWith("Breathe out") ? "out" : "hold";
      step += 1;
      this.timer = setTimeout(next, seconds * 1000);
    };
    next();
    return h("div", { class: "breathing" }, cue, h("div", { class: "breath-stage" }, shape));
  }

  /** One step at a time, at the player's pace. */
  #steps(steps) {
    let index = 0;
    const counter = h("p", { class: "step-count" });
    const text = h("p", { class: "cue step", "aria-live": "polite" });
    const back = h("button", { type: "button", class: "button quiet", onclick: () => go(-1) }, "Back");
    const next = h("button", { type: "button", class: "button", onclick: () => go(1) }, "Next step");
    const closing = this.guide?.closing;
    const go = (delta) => {
      index = Math.max(0, Math.min(steps.length, index + delta));
      const finished = index === steps.length;
      counter.textContent = finished ? "Finished" : `Step ${index + 1} of ${steps.length}`;
      text.textContent = finished ? closing || "Well done. Take a moment before you move on." : steps[index];
      back.disabled = index === 0;
      next.hidden = finished;
      if (finished) this.node.querySelector(".done").focus();
    };
    go(0);
    return h("div", { class: "guided" }, counter, text, h("div", { class: "actions" }, back, next));
  }
}
