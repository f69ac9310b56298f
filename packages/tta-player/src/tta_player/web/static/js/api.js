// The REST API, with the access token held in memory only. The refresh token lives in an
// HttpOnly, SameSite=Strict cookie the page cannot read; a quiet refresh uses that cookie
// plus the readable CSRF cookie echoed in a header.

import { connectivity } from "./connectivity.js";

const BASE = "/api/v1";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Field-level messages from a validation problem: {fieldName: message}. */
  get fieldErrors() {
    const out = {};
    for (const item of this.problem.errors ?? this.problem.invalid_params ?? []) {
      const loc = item.loc ?? item.field ?? item.name ?? [];
      const field = Array.isArray(loc) ? loc[loc.length - 1] : String(loc).split(".").pop();
      if (field && !out[field]) out[field] = item.msg ?? item.message ?? item.reason ?? "";
    }
    return out;
  }
}

export class NetworkError extends Error {
  constructor() {
    super("We couldn't reach the game server. Please check your connection and try again.");
  }
}

function readCookie(name) {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) return response.json();
  return response.text();
}

export class Api {
  #token = "";
  #expiresAt = 0;
  #csrf = "";
  #refreshing = null;
  #refreshTimer = 0;

  constructor({ onSignedOut } = {}) {
    this.onSignedOut = onSignedOut ?? (() => {});
  }

  get signedIn() {
    return Boolean(this.#token);
  }

  /** An access token good for at least a few more seconds (refreshed quietly if need be). */
  async freshToken() {
    if (!this.#token || Date.now() > this.#expiresAt - 5000) await this.refresh();
    return this.#token;
  }

  async #send(method, path, body, headers = {}) {
    const init = { method, headers: { Accept: "application/json", ...headers }, credentials: "same-origin" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(`${BASE}${path}`, init);
    } catch {
      connectivity.markOffline();
      throw new NetworkError();
    }
    connectivity.markOnline();
    const data = await parse(response);
    if (!response.ok) throw new ApiError(response.status, typeof data === "object" ? data : { detail: data });
    return data;
  }

  #adopt(session) {
    this.#token = session.access_token;
    this.#csrf = session.csrf_token || readCookie("tta_csrf");
    const seconds = Number(session.expires_in) || 900;
    this.#expiresAt = Date.now() + seconds * 1000;
    clearTimeout(this.#refreshTimer);
    // Refresh a little before expiry so play is never interrupted by a 401.
    const lead = Math.max(5, Math.min(60, seconds * 0.2));
    this.#refreshTimer = setTimeout(() => this.refresh().catch(() => {}), (seconds - lead) * 1000);
  }

  #forget() {
    this.#token = "";
    this.#csrf = "";
    this.#expiresAt = 0;
    clearTimeout(this.#refreshTimer);
  }

  async register({ username, email, password }) {
    return this.#send("POST", "/auth/register", { username, email, password });
  }

  async login({ username, password }) {
    this.#adopt(await this.#send("POST", "/auth/session", { username, password }));
  }

  /** A new access token from the refresh cookie; false when there is no live session. */
  async refresh() {
    this.#refreshing ??= (async () => {
      const csrf = readCookie("tta_csrf") || this.#csrf;
      if (!csrf) return false;
      try {
        this.#adopt(await this.#send("POST", "/auth/session/refresh", undefined, { "X-CSRF-Token": csrf }));
        return true;
      } catch (error) {
        if (error instanceof ApiError) this.#forget();
        return false;
      }
    })();
    try {
      return await this.#refreshing;
    } finally {
      this.#refreshing = null;
    }
  }

  async logout() {
    const csrf = readCookie("tta_csrf") || this.#csrf;
    try {
      await this.#send("DELETE", "/auth/session", undefined, {
        "X-CSRF-Token": csrf,
        ...(this.#token ? { Authorization: `Bearer ${this.#token}` } : {}),
      });
    } finally {
      this.#forget();
    }
  }

  /** An authenticated call; one quiet refresh and retry when the access token has expired. */
  async request(method, path, body) {
    if (this.#token) await this.freshToken();
    const call = () => this.#send(method, path, body, { Authorization: `Bearer ${this.#token}` });
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      if (!(await this.refresh())) {
        this.onSignedOut();
        throw error;
      }
      return call();
    }
  }

  get(path) {
    return this.request("GET", path);
  }

  post(path, body) {
    return this.request("POST", path, body ?? {});
  }

  patch(path, body) {
    return this.request("PATCH", path, body);
  }

  delete(path) {
    return this.request("DELETE", path);
  }
}

/** Lists come back either bare or wrapped ({items: [...]}) depending on the route. */
export function itemsOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of [...keys, "items", "results", "data"]) {
    if (Array.isArray(data?.[key])) return data[key];
  }
  return [];
}
