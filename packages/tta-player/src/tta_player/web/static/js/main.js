// The client's entry point: the shared app object, the routes and the boot sequence.
import { Api } from "./api.js";
import { announce, h } from "./dom.js";
import { Router } from "./router.js";
import { CrisisPanel } from "./safety.js";
import { loginScreen, registerScreen } from "./screens/auth.js";
import { charactersScreen } from "./screens/characters.js";
import { homeScreen } from "./screens/home.js";
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
  try {
    const screen = await route.screen(app, params);
    if (!screen || ticket !== renders) return undefined; // the player has moved on meanwhile
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
    main.replaceChildren(
      h("section", { class: "card narrow" },
        h("h1", {}, "Something went quiet"),
        h("p", {}, error?.message || "We couldn't load this screen."),
        h("button", { type: "button", class: "button", onclick: () => app.router.resolve() }, "Try again")),
    );
  } finally {
    main.removeAttribute("aria-busy");
  }
  return undefined;
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
