// The mood check-in: five choices with words, an optional note, and a kind answer. It is
// always optional and never stands between the player and the story.
import { h, newId } from "./dom.js";
import { helpButton } from "./safety.js";

export const MOOD_WORDS = { 1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good" };

/**
 * A check-in card.
 * @param {object} options
 * @param {string} options.title  the question ("How are you feeling right now?")
 * @param {string} options.saveLabel / skipLabel  the two buttons
 * @param {(body: object) => Promise<object>} options.save  posts {score, note}; returns the answer
 * @param {() => void} options.onSkip
 * @param {(answer: object) => void} options.onSaved  after the answer was shown
 * @param {object} options.panel  the crisis panel (a crisis in the note opens it)
 * @param {Node[]} [options.extra]  more buttons for the row of actions
 */
export function moodCard({ title, intro, saveLabel = "Save", skipLabel = "Not now", save, onSkip, onSaved, panel, extra = [] }) {
  const headingId = newId("mood-title");
  const noteId = newId("mood-note");
  const name = newId("mood");
  const choices = Object.entries(MOOD_WORDS).map(([score, word]) => {
    const id = `${name}-${score}`;
    return h("div", { class: "mood-choice" },
      h("input", { type: "radio", id, name, value: score }),
      h("label", { for: id }, h("span", { class: "mood-score", "aria-hidden": "true" }, score), h("span", {}, word)));
  });
  const note = h("textarea", { id: noteId, rows: 2, maxlength: 1000 });
  const status = h("p", { class: "inline-status", role: "status" });
  const saveButton = h("button", { type: "submit", class: "button" }, saveLabel);
  const form = h("form", { class: "mood-form", novalidate: true },
    h("fieldset", { class: "mood-scale" },
      h("legend", {}, "Your mood, from 1 (very low) to 5 (very good)"),
      h("div", { class: "mood-choices" }, choices)),
    h("div", { class: "field" },
      h("label", { for: noteId }, "Anything you'd like to add?", h("span", { class: "optional" }, " (optional)")),
      note),
    status,
    h("div", { class: "actions" },
      saveButton,
      h("button", { type: "button", class: "button quiet", onclick: () => onSkip?.() }, skipLabel),
      extra));
  const card = h("section", { class: "mood-card", "aria-labelledby": headingId },
    h("h2", { id: headingId }, title),
    intro ? h("p", { class: "hint" }, intro) : null,
    form);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = form.querySelector("input[type=radio]:checked");
    if (!picked) {
      status.textContent = "Choose a number from 1 to 5 first, or skip this for now.";
      form.querySelector("input[type=radio]").focus();
      return;
    }
    saveButton.disabled = true;
    status.textContent = "";
    try {
      const answer = await save({ score: Number(picked.value), note: note.value.trim() || undefined });
      showAnswer(answer);
    } catch (error) {
      saveButton.disabled = false;
      status.replaceChildren(`${error.message} `, helpButton(panel));
    }
  });

  function showAnswer(answer) {
    if (answer.safety?.level === "crisis") panel.open(answer.safety.resources);
    const done = h("button", { type: "button", class: "button", onclick: () => onSaved?.(answer) }, "Continue");
    form.replaceWith(h("div", { class: "mood-answer" },
      h("p", {}, `Thank you. You said: ${answer.mood.score}, ${answer.mood.word.toLowerCase()}.`),
      h("p", {}, answer.message),
      answer.offer_support
        ? h("div", { class: "support-note" },
            h("p", {}, "Would you like to see who you can talk to? It won't stop your game."),
            h("button", { type: "button", class: "link-button", onclick: () => panel.open(answer.safety?.resources) }, "See support options"))
        : null,
      h("div", { class: "actions" }, done)));
    done.focus();
  }

  card.focusFirst = () => card.querySelector("h2").focus();
  card.querySelector("h2").setAttribute("tabindex", "-1");
  return card;
}

/** "3, okay" for a check-in, or "not recorded". */
export function moodText(mood) {
  return mood ? `${mood.score} of 5, ${String(mood.word ?? MOOD_WORDS[mood.score]).toLowerCase()}` : "not recorded";
}
