// First-run onboarding: how gentle or stretching play should be, which approaches to lean
// on, and the locale (which also chooses the crisis lines we show). Every step is optional.
import { h, newId } from "../dom.js";
import { field, formStatus, showErrors } from "../forms.js";
import { LOCALES } from "../safety.js";

export const APPROACHES = [
  ["mindfulness", "Mindfulness", "Noticing the present moment with kindness."],
  ["cbt", "Thoughts and feelings (CBT)", "Spotting unhelpful thoughts and trying new ones."],
  ["act", "Acceptance (ACT)", "Making room for hard feelings while moving toward what matters."],
  ["dbt", "Coping skills (DBT)", "Practical skills for strong emotions."],
  ["narrative_therapy", "Retelling your story", "Seeing your story from new angles."],
  ["solution_focused", "Small next steps", "Focusing on what already helps and what comes next."],
];
const INTENSITY = [
  ["low", "Gentle", "Light, restful play with soft reflections."],
  ["medium", "Balanced", "Some reflection mixed with exploring."],
  ["high", "Deeper", "More reflection and practice along the way."],
];

function radioGroup(legend, name, choices, chosen) {
  return h("fieldset", { class: "choices" },
    h("legend", {}, legend),
    choices.map(([value, label, description]) => {
      const id = newId(name);
      return h("div", { class: "choice" },
        h("input", { type: "radio", id, name, value, checked: value === chosen, "aria-describedby": `${id}-d` }),
        h("label", { for: id }, label),
        h("p", { class: "hint", id: `${id}-d` }, description));
    }));
}

function checkboxGroup(legend, name, choices, chosen) {
  return h("fieldset", { class: "choices" },
    h("legend", {}, legend),
    h("p", { class: "hint" }, "Pick any that sound helpful, up to five."),
    choices.map(([value, label, description]) => {
      const id = newId(name);
      return h("div", { class: "choice" },
        h("input", { type: "checkbox", id, name, value, checked: chosen.includes(value), "aria-describedby": `${id}-d` }),
        h("label", { for: id }, label),
        h("p", { class: "hint", id: `${id}-d` }, description));
    }));
}

/** First run (after registering) or later, from the home screen, to change the same choices. */
export async function onboardingScreen(app, _params, { firstRun = true } = {}) {
  const prefs = app.player?.preferences ?? {};
  const locale = field({
    label: "Language and region", name: "locale", value: LOCALES[app.locale] ? app.locale : "en-US",
    hint: "This also decides which support lines we show you.",
    options: Object.entries(LOCALES),
  });
  const status = formStatus();
  const form = h("form", { class: "stack", novalidate: true },
    radioGroup("How gentle should your journey be?", "intensity", INTENSITY, prefs.intensity ?? "medium"),
    checkboxGroup("Which approaches would you like?", "approaches", APPROACHES, prefs.approaches ?? ["mindfulness"]),
    locale.wrapper,
    status,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "button" }, firstRun ? "Save and continue" : "Save"),
      h("button", { type: "button", class: "button quiet", onclick: () => save(true) }, firstRun ? "Skip for now" : "Keep things as they are")));

  async function save(skipped) {
    const data = new FormData(form);
    const approaches = data.getAll("approaches").map(String);
    if (!skipped && approaches.length > 5) {
      status.textContent = "Please choose five approaches or fewer.";
      return;
    }
    if (skipped) {
      app.go("/home");
      return;
    }
    const body = {
      locale: locale.value,
      preferences: { ...prefs, intensity: String(data.get("intensity") ?? "medium"), approaches },
    };
    try {
      app.player = await app.api.patch("/players/me", body);
      app.panel.loadLines(app.locale); // the help lines follow the region chosen
      app.go("/home");
    } catch (error) {
      showErrors(error, [locale], status);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(false);
  });
  return {
    title: firstRun ? "Welcome" : "Your preferences",
    node: h("section", { class: "card narrow" },
      h("h1", {}, firstRun ? `Welcome, ${app.player?.display_name || app.player?.username || "traveller"}` : "Your preferences"),
      h("p", { class: "lede" }, firstRun
        ? "A few choices help the story fit you. You can skip this and change it whenever you like from the home screen."
        : "Change these whenever you like; the story adapts from your next turn."),
      form),
  };
}
