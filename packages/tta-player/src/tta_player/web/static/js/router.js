// Hash routes (#/play/abc): a reload keeps the player on the same screen, and the server
// only ever serves one page.

export class Router {
  #routes = [];
  #leave = [];

  constructor(render) {
    this.render = render;
    window.addEventListener("hashchange", () => this.resolve());
  }

  add(pattern, screen, { public: isPublic = false } = {}) {
    const names = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name) => (names.push(name), "([^/]+)"))}$`);
    this.#routes.push({ regex, names, screen, isPublic });
    return this;
  }

  /** Run when the current screen is left (close sockets, stop timers). */
  onLeave(callback) {
    this.#leave.push(callback);
  }

  go(path) {
    if (location.hash === `#${path}`) this.resolve();
    else location.hash = path;
  }

  get path() {
    return location.hash.replace(/^#/, "") || "/home";
  }

  resolve() {
    for (const callback of this.#leave.splice(0)) callback();
    const path = this.path;
    for (const route of this.#routes) {
      const match = route.regex.exec(path);
      if (match) {
        const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
        return this.render(route, params);
      }
    }
    return this.render(null, {});
  }
}
