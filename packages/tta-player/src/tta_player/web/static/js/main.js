// The client's entry point: the shared app object, the routes and the boot sequence.
import { Api, NetworkError } from "./api.js";
import { connectivity } from "./connectivity.js";
import { announce, h } from "./dom.js";
import { Router } from "./router.js";
import { CrisisPanel, loadCrisisPhrases } from "./safety.js";
import { loginScreen, registerScreen } from "./screens/auth.js";
import { charactersScreen } from "./screens/characters.js";
import { homeScreen } from "./screens/home.js";
import { journeysScreen, summaryScreen } from "./screens/journeys.js";
import { onboardingScreen } from "./screens/onboarding.js";
import { playScreen } from "./screens/play.js";
import { progressScreen } from "./screens/progress.js";
import { worldsScreen } from "./screens/worlds.js";

const main = document.getElementById("main");

const app = {
  player: null,
  get locale() {
    return app.player?.locale || navigator.language || "en-US";
  },
  api: new Api({ onSignedOut: () => signedOut("Your session ended. Please log in again.") }),
  panel: null,
  router: null,
  go: (path) => app.router.go(path),
  async loadPlayer() {
    app.player = await app.api.get("/players/me");
    app.panel.loadLines(app.locale);
    return app.player;
  },
  signedIn() {
    document.getElementById("nav-links").hidden = false;
  },
};
app.panel = new CrisisPanel({ locale: () => app.locale });

function signedOut(message) {
  app.player = null;
  document.getElementById("nav-links").hidden = true;
  if (message) announce(message);
  app.go("/login");
}

let renders = 0;

async function render(route, params) {
  const ticket = (renders += 1);
  if (!route) return app.go("/home");
  if (!route.isPublic && !app.api.signedIn) return app.go("/login");
  if (route.isPublic && app.api.signedIn && app.player) return app.go("/home");
  main.setAttribute("aria-busy", "true");
  stopRecovery();
  try {
    const screen = await route.screen(app, params);
    if (!screen || ticket !== renders) return undefined; // the player has moved on meanwhile
    document.body.dataset.layout = screen.layout ?? "page";
    main.replaceChildren(screen.node);
    screen.onShow?.();
    document.title = `${screen.title} · TTA`;
    markCurrentLink();
    // Move focus to the new heading so screen-reader and keyboard users know where they are.
    const heading = main.querySelector("h1");
    heading?.setAttribute("tabindex", "-1");
    (screen.focus ?? heading)?.focus();
  } catch (error) {
    if (ticket !== renders) return undefined;
    document.body.dataset.layout = "page";
    showQuiet(error);
  } finally {
    main.removeAttribute("aria-busy");
  }
  return undefined;
}

// "Something went quiet": says what is true, and comes back by itself once the server answers.
const RETRY_MS = 8000;
let recovery = { stop: () => {} };

function stopRecovery() {
  recovery.stop();
}

function showQuiet(error) {
  const offline = error instanceof NetworkError || !connectivity.online;
  const status = h("p", { class: "meta", role: "status" },
    offline
      ? "You're offline, or the game server is. This page will come back by itself as soon as it answers."
      : "We'll try again by ourselves in a few seconds.");
  main.replaceChildren(
    h("section", { class: "card narrow" },
      h("h1", {}, "Something went quiet"),
      offline ? null : h("p", {}, error?.message || "We couldn't load this screen."),
      status,
      h("button", { type: "button", class: "button", onclick: () => app.router.resolve() }, "Try again")),
  );
  const unlisten = connectivity.listen((state) => {
    if (state === "back") app.router.resolve();
  });
  const timer = offline ? 0 : setTimeout(() => app.router.resolve(), RETRY_MS);
  recovery = { stop: () => { unlisten(); clearTimeout(timer); } };
}

function markCurrentLink() {
  for (const link of document.querySelectorAll("#nav-links a")) {
    const current = location.hash.startsWith(link.getAttribute("href"));
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

app.router = new Router(render)
  .add("/login", loginScreen, { public: true })
  .add("/register", registerScreen, { public: true })
  .add("/welcome", onboardingScreen)
  .add("/preferences", (app_, params) => onboardingScreen(app_, params, { firstRun: false }))
  .add("/home", homeScreen)
  .add("/characters", charactersScreen)
  .add("/worlds/:characterId", worldsScreen)
  .add("/play/:sessionId", playScreen)
  .add("/journeys", journeysScreen)
  .add("/journeys/:sessionId", summaryScreen)
  .add("/progress", progressScreen);

document.getElementById("logout").addEventListener("click", async () => {
  try {
    await app.api.logout();
  } finally {
    signedOut("You're logged out. Take care.");
  }
});

document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

async function boot() {
  loadCrisisPhrases(); // while the server is there: the check must work once it is not
  // A refresh cookie from an earlier visit signs the player back in without a form.
  if (await app.api.refresh()) {
    try {
      await app.loadPlayer();
      app.signedIn();
    } catch {
      app.player = null;
    }
  }
  app.router.resolve();
}

boot();
