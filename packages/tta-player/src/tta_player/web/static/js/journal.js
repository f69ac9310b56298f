// Writing exercises: a journal page, a thought record, three good things. The game answers
// what was written; the words are kept only if the player ticks "Keep this in my journal".
import { h, newId } from "./dom.js";
import { helpButton } from "./safety.js";

const THOUGHT_RECORD = [
  ["Situation", "What happened? Where were you, who was there?"],
  ["What I thought", "The thought that came, in its own words."],
  ["Evidence for and against", "What supports it, and what doesn't?"],
  ["Another way to see it", "A kinder, more balanced thought."],
];
const GRATITUDE = [
  ["A good thing from today", "However small."],
  ["A second good thing", "Something you saw, heard or did."],
  ["A third good thing", "And what part you played in it."],
];

function fieldsFor(kind, guide) {
  if (kind === "thought_record") return THOUGHT_RECORD;
  if (kind === "gratitude") return GRATITUDE;
  return [["Your page", (guide?.steps ?? []).join(" ") || "Write whatever comes. There's no wrong answer."]];
}

/**
 * @param {object} options
 * @param {string} options.kind  journaling | thought_record | gratitude
 * @param {object|null} options.guide  the exercise from the world (steps are shown as prompts)
 * @param {(body: object) => Promise<object>} options.write
 * @param {() => void} options.onDone
 */
export function writingForm({ kind, guide, title, write, panel, onDone }) {
  const controls = fieldsFor(kind, guide).map(([label, hint], i) => {
    const id = newId("writing");
    const control = kind === "gratitude"
      ? h("input", { type: "text", id, maxlength: 4000, "aria-describedby": `${id}-hint` })
      : h("textarea", { id, rows: kind === "journaling" ? 4 : 2, maxlength: 4000, "aria-describedby": `${id}-hint` });
    control.dataset.label = label;
    return { control, node: h("div", { class: "field" },
      h("label", { for: id }, label),
      h("p", { class: "hint", id: `${id}-hint` }, kind === "journaling" && i === 0 ? "Prompts above; write as much or as little as you like." : hint),
      control) };
  });
  const keepId = newId("keep");
  const keep = h("input", { type: "checkbox", id: keepId, "aria-describedby": `${keepId}-hint` });
  const status = h("p", { class: "inline-status", role: "status" });
  const save = h("button", { type: "submit", class: "button" }, "Save and finish");
  const prompts = kind === "journaling" && guide?.steps?.length
    ? h("ol", { class: "prompts" }, guide.steps.map((step) => h("li", {}, step)))
    : null;
  const form = h("form", { class: "writing", novalidate: true },
    prompts,
    controls.map((c) => c.node),
    h("div", { class: "choice keep" },
      keep,
      h("label", { for: keepId }, "Keep this in my journal"),
      h("p", { class: "hint", id: `${keepId}-hint` }, "Only if you tick this. You'll find it on your progress page, in your data export, and you can delete it any time.")),
    status,
    h("div", { class: "actions" }, save));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const parts = controls.map(({ control }) => ({ label: control.dataset.label, text: control.value.trim() }));
    if (!parts.some((part) => part.text)) {
      status.textContent = "Write a few words first, or choose \u201cI'm done for now\u201d to leave it.";
      controls[0].control.focus();
      return;
    }
    save.disabled = true;
    status.textContent = "";
    try {
      const answer = await write({ kind, parts, keep: keep.checked, exercise_id: guide?.id, title });
      if (answer.safety?.level === "crisis") panel.open(answer.safety.resources);
      const done = h("button", { type: "button", class: "button", onclick: onDone }, "Back to the story");
      form.replaceWith(h("div", { class: "writing-answer", role: "status" },
        h("p", { class: "reply" }, answer.reply),
        h("p", { class: "meta" }, answer.kept ? "Kept in your journal." : "Not kept: your words were not saved."),
        guide?.closing && answer.safety?.level === "safe" ? h("p", { class: "closing" }, guide.closing) : null,
        h("div", { class: "actions" }, done)));
      done.focus();
    } catch (error) {
      save.disabled = false;
      status.replaceChildren(`${error.message} `, helpButton(panel));
    }
  });
  return form;
}
