// The crisis resources panel: above everything (a modal <dialog> lives in the top layer),
// open until the player dismisses it, reachable from every screen via "Get help now".
import { h } from "./dom.js";

// Lines that work without the server (the panel must open even when the network is down).
// A crisis verdict from the server brings its own, locale-aware list, which takes priority.
const LINES = {
  "en-US": [
    { name: "988 Suicide & Crisis Lifeline", phone: "988", sms: "988", description: "Call or text, free and confidential." },
    { name: "Crisis Text Line", sms: "741741", sms_body: "HOME", description: "Text HOME to reach a trained volunteer." },
  ],
  "en-GB": [
    { name: "Samaritans", phone: "116 123", description: "Free to call, day or night." },
    { name: "Shout", sms: "85258", sms_body: "SHOUT", description: "Text SHOUT to talk by message." },
  ],
  "en-IE": [
    { name: "Samaritans Ireland", phone: "116 123", description: "Free to call, day or night." },
    { name: "Text About It", sms: "50808", sms_body: "HELLO", description: "Text HELLO to start a conversation." },
  ],
  "en-CA": [{ name: "9-8-8 Suicide Crisis Helpline", phone: "988", sms: "988", description: "Call or text, any time." }],
  "en-AU": [{ name: "Lifeline Australia", phone: "13 11 14", sms: "0477 13 11 14", description: "Call or text for crisis support." }],
  "en-NZ": [{ name: "Need to talk? 1737", phone: "1737", sms: "1737", description: "Call or text a trained counsellor." }],
  "de-DE": [{ name: "TelefonSeelsorge", phone: "0800 111 0 111", description: "Kostenlos und anonym, rund um die Uhr." }],
  "fr-FR": [{ name: "3114 Numéro national de prévention du suicide", phone: "3114", description: "Gratuit, 24h/24 et 7j/7." }],
  "es-ES": [{ name: "Línea 024", phone: "024", description: "Atención a la conducta suicida, gratuita." }],
};
const EVERYWHERE = {
  name: "Find A Helpline",
  url: "https://findahelpline.com",
  description: "Free, confidential helplines in many countries.",
};

export const LOCALES = {
  "en-US": "English (United States)",
  "en-GB": "English (United Kingdom)",
  "en-IE": "English (Ireland)",
  "en-CA": "English (Canada)",
  "en-AU": "English (Australia)",
  "en-NZ": "English (New Zealand)",
  "de-DE": "Deutsch (Deutschland)",
  "fr-FR": "Français (France)",
  "es-ES": "Español (España)",
};

export function linesFor(locale) {
  return [...(LINES[locale] ?? LINES["en-US"]), EVERYWHERE];
}

const digits = (number) => String(number).replace(/[^\d+]/g, "");

export function resourceItem(resource) {
  const actions = [];
  if (resource.phone) {
    actions.push(h("a", { class: "button call", href: `tel:${digits(resource.phone)}` }, `Call ${resource.phone}`));
  }
  if (resource.sms) {
    const body = resource.sms_body ? `?&body=${encodeURIComponent(resource.sms_body)}` : "";
    const label = resource.sms_body ? `Text ${resource.sms_body} to ${resource.sms}` : `Text ${resource.sms}`;
    actions.push(h("a", { class: "button text", href: `sms:${digits(resource.sms)}${body}` }, label));
  }
  if (resource.url) {
    actions.push(h("a", { class: "button quiet", href: resource.url, target: "_blank", rel: "noopener noreferrer" }, "Visit website"));
  }
  return h(
    "li",
    { class: "resource" },
    h("h3", {}, resource.name),
    resource.description ? h("p", {}, resource.description) : null,
    resource.hours ? h("p", { class: "hours" }, `Open ${resource.hours}`) : null,
    h("div", { class: "actions" }, actions),
  );
}

export class CrisisPanel {
  constructor({ locale = () => "en-US" } = {}) {
    this.dialog = document.getElementById("crisis");
    this.list = document.getElementById("crisis-resources");
    this.locale = locale;
    this.lastResources = [];
    document.getElementById("crisis-close").addEventListener("click", () => this.close());
    document.getElementById("help-now").addEventListener("click", (event) => {
      event.preventDefault();
      this.open();
    });
  }

  get isOpen() {
    return this.dialog.open;
  }

  /**
   * The server's lines for a locale (the same the safety engine gives with a verdict), kept
   * for when they are needed; the built-in ones stand in until then, and offline.
   */
  async loadLines(locale) {
    try {
      const response = await fetch(`/api/v1/help?locale=${encodeURIComponent(locale)}`, { headers: { Accept: "application/json" } });
      if (response.ok) this.serverLines = { locale, resources: (await response.json()).resources };
    } catch {
      // offline: the built-in lines serve
    }
  }

  /** Show the panel now, with the given resources or the best ones we know for the locale. */
  open(resources) {
    if (resources?.length) this.lastResources = resources;
    const locale = this.locale();
    const known = this.serverLines?.locale === locale && this.serverLines.resources.length ? this.serverLines.resources : linesFor(locale);
    const shown = this.lastResources.length ? this.lastResources : known;
    this.list.replaceChildren(...shown.map(resourceItem));
    if (!this.dialog.open) this.dialog.showModal();
    const title = document.getElementById("crisis-title");
    title.setAttribute("tabindex", "-1");
    title.focus();
  }

  close() {
    this.dialog.close();
  }
}

// --- help without the server ------------------------------------------------------------
// The phrases live in one data file (data/crisis-phrases.json) that the tests read as well.
// Fetched once at start, while the server is there, so the check works once it is not.
let phrases = [];

export async function loadCrisisPhrases() {
  try {
    const response = await fetch(new URL("../data/crisis-phrases.json", import.meta.url));
    phrases = (await response.json()).phrases.map(fold);
  } catch {
    phrases = []; // the server's own check still judges every line it receives
  }
}

function fold(text) {
  return String(text).toLowerCase().replace(/[\u2018\u2019`]/g, "'").replace(/\s+/g, " ").trim();
}

/** Whether a line that could not reach the server reads like a crisis (open help at once). */
export function looksLikeCrisis(text) {
  const line = fold(text);
  return phrases.some((phrase) => line.includes(phrase));
}

/** A "Get help now" button to put beside an error: it opens the help panel. */
export function helpButton(panel) {
  return h("button", { type: "button", class: "help-inline", onclick: () => panel.open() }, "Get help now");
}

/**
 * The check-in: the story pauses and the game asks, directly and kindly. The question, the
 * resources beside it, and quick replies that send their words as the player's next line.
 */
export function checkInCard(verdict, { onReply, answered = false }) {
  const id = `check-in-${Math.random().toString(36).slice(2, 8)}`;
  const replies = ["Yes", "No", "I'm not sure"].map((text) =>
    h("button", { type: "button", class: "button quiet", disabled: answered, onclick: () => reply(text) }, text));
  const card = h("section", { class: "check-in", "aria-labelledby": id },
    h("h2", { id, class: "check-in-title" }, "Can I ask you something?"),
    h("p", { class: "check-in-question" }, verdict.message || "Are you thinking about ending your life, or about hurting yourself?"),
    h("div", { class: "actions", role: "group", "aria-label": "Quick replies" }, replies),
    h("p", { class: "hint" }, "Or type your answer below, in your own words. The story will wait."),
    (verdict.resources ?? []).length
      ? h("div", { class: "check-in-help" },
          h("h3", {}, "If you'd like to talk to someone now"),
          h("ul", { class: "resources compact" }, verdict.resources.map(resourceItem)))
      : null);
  function reply(text) {
    for (const button of replies) button.disabled = true;
    onReply(text);
  }
  card.settle = () => {
    for (const button of replies) button.disabled = true;
  };
  return card;
}

/** The gentle note shown in the story when a turn's verdict is "concern". */
export function supportNote(verdict, panel) {
  return h(
    "aside",
    { class: "support-note", "aria-label": "A note of support" },
    h("p", {}, "Go as gently as you need. If you'd like to talk with someone, kind people are a message or a call away."),
    h("button", { type: "button", class: "link-button", onclick: () => panel.open(verdict?.resources) }, "See support options"),
  );
}
