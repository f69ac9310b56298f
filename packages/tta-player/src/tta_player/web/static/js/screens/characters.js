// Characters: create one (only a name is needed), see them all, let one go. At most five.
import { ApiError, itemsOf } from "../api.js";
import { announce, h } from "../dom.js";
import { checkRequired, field, formStatus, showErrors } from "../forms.js";

const MAX_CHARACTERS = 5;

function describe(part) {
  if (!part) return "";
  if (typeof part === "string") return part;
  return part.description ?? part.backstory ?? part.summary ?? "";
}

export async function charactersScreen(app) {
  const list = h("ul", { class: "cards", "aria-label": "Your characters" });
  const count = h("p", { class: "meta", "aria-live": "polite" });
  const formArea = h("div");
  let characters = [];

  async function reload() {
    characters = itemsOf(await app.api.get("/characters"), "characters");
    list.replaceChildren(...characters.map(card));
    if (!characters.length) list.replaceChildren(h("li", { class: "empty" }, "No characters yet. Create your first one below."));
    count.textContent = `${characters.length} of ${MAX_CHARACTERS} characters`;
    formArea.replaceChildren(
      characters.length >= MAX_CHARACTERS
        ? h("p", { class: "note" }, "You have five characters, the most you can keep. Let one go to make room for another.")
        : createForm(),
    );
  }

  function card(character) {
    const actions = h("div", { class: "actions" });
    const status = h("p", { class: "inline-status", role: "status" });
    const showDefault = () => actions.replaceChildren(
      h("a", { class: "button", href: `#/worlds/${encodeURIComponent(character.id)}`, "aria-label": `Choose a world for ${character.name}` }, "Choose a world"),
      h("button", { type: "button", class: "button quiet", "aria-label": `Delete ${character.name}`, onclick: confirm }, "Delete"),
    );
    function confirm() {
      const keep = h("button", { type: "button", class: "button quiet", onclick: () => { showDefault(); actions.firstChild.focus(); } }, "Keep");
      actions.replaceChildren(
        h("p", { class: "confirm" }, `Let ${character.name} go? Their journeys end too.`),
        h("button", { type: "button", class: "button danger", onclick: remove }, `Yes, delete ${character.name}`),
        keep,
      );
      keep.focus();
    }
    async function remove() {
      try {
        await app.api.delete(`/characters/${encodeURIComponent(character.id)}`);
        announce(`${character.name} was deleted.`);
        await reload();
        list.querySelector("a, button")?.focus();
      } catch (error) {
        showDefault();
        status.textContent = error.message; // said beside the card, where the player is looking
      }
    }
    showDefault();
    return h("li", { class: "card character" },
      h("h3", {}, character.name),
      describe(character.appearance) ? h("p", {}, describe(character.appearance)) : null,
      describe(character.background) ? h("p", { class: "meta" }, describe(character.background)) : null,
      actions,
      status);
  }

  function createForm() {
    const name = field({ label: "Name", name: "name", required: true, maxlength: 50, hint: "What should the story call them? 2 to 50 letters; spaces, hyphens and apostrophes are fine." });
    const appearance = field({ label: "Appearance", name: "appearance", rows: 2, maxlength: 1000, hint: "A few words about how they look." });
    const background = field({ label: "Background", name: "background", rows: 3, maxlength: 2000, hint: "Where they come from, what they care about." });
    const fields = [name, appearance, background];
    const status = formStatus();
    const form = h("form", { class: "stack", novalidate: true },
      h("h2", {}, "Create a character"), ...fields.map((f) => f.wrapper), status,
      h("button", { type: "submit", class: "button" }, "Create character"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!checkRequired(fields, status)) return;
      const body = { name: name.value };
      if (appearance.value) body.appearance = { description: appearance.value };
      if (background.value) body.background = { backstory: background.value };
      try {
        const created = await app.api.post("/characters", body);
        announce(`${created.name ?? name.value} is ready.`);
        await reload();
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          status.textContent = "You already have five characters. Let one go to make room.";
        } else {
          showErrors(error, fields, status);
        }
      }
    });
    return h("section", { class: "card" }, form);
  }

  await reload();
  return {
    title: "Characters",
    node: h("div", { class: "stack wide" },
      h("h1", {}, "Your characters"),
      h("p", { class: "lede" }, "Choose who you'd like to be today, or create someone new."),
      count, list, formArea),
  };
}
