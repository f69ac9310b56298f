// Logging in and creating an account.
import { ApiError } from "../api.js";
import { h } from "../dom.js";
import { checkRequired, field, formStatus, showErrors } from "../forms.js";

function afterSignIn(app, firstVisit) {
  app.signedIn();
  app.go(firstVisit ? "/welcome" : "/home");
}

export async function loginScreen(app) {
  const username = field({ label: "Username", name: "username", required: true, autocomplete: "username" });
  const password = field({ label: "Password", name: "password", type: "password", required: true, autocomplete: "current-password" });
  const status = formStatus();
  const submit = h("button", { type: "submit", class: "button" }, "Log in");
  const form = h("form", { class: "stack", novalidate: true }, username.wrapper, password.wrapper, status, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checkRequired([username, password], status)) return;
    submit.disabled = true;
    try {
      await app.api.login({ username: username.value, password: password.control.value });
      await app.loadPlayer();
      afterSignIn(app, false);
    } catch (error) {
      showErrors(error, [username, password], status, {
        401: "That username and password don't match. Please check them and try again.",
        423: "This account is resting for a little while after several tries. Please try again later.",
        429: "That was a lot of tries in a short time. Please wait a minute and try again.",
      });
    } finally {
      submit.disabled = false;
    }
  });
  return {
    title: "Log in",
    node: h("section", { class: "card narrow auth" },
      h("h1", {}, "Welcome back"),
      h("p", { class: "lede" }, "Settle in. Your story is waiting where you left it."),
      form,
      h("p", {}, "New here? ", h("a", { href: "#/register" }, "Create an account"))),
  };
}

function passwordAdvice(message) {
  if (/at least 8|too short|min_length|8 char/i.test(message)) return "Please use at least 8 characters.";
  if (/common/i.test(message)) return "That password is very common and easy to guess. Try a short phrase instead.";
  if (/username/i.test(message)) return "Please choose a password that doesn't contain your username.";
  if (/different characters/i.test(message)) return "Please mix in a few more different characters.";
  return message.replace(/^.*?weak password: /i, "").replace(/^./, (c) => c.toUpperCase());
}

export async function registerScreen(app) {
  const username = field({
    label: "Username", name: "username", required: true, autocomplete: "username", maxlength: 50,
    hint: "3 to 50 characters: letters, numbers, dots, dashes or underscores.",
  });
  const email = field({ label: "Email", name: "email", type: "email", required: true, autocomplete: "email" });
  const password = field({
    label: "Password", name: "password", type: "password", required: true, autocomplete: "new-password",
    hint: "At least 8 characters. A short phrase you'll remember works well.",
  });
  const fields = [username, email, password];
  const status = formStatus();
  const submit = h("button", { type: "submit", class: "button" }, "Create account");
  const form = h("form", { class: "stack", novalidate: true }, ...fields.map((f) => f.wrapper), status, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checkRequired(fields, status)) return;
    submit.disabled = true;
    try {
      await app.api.register({ username: username.value, email: email.value, password: password.control.value });
      await app.api.login({ username: username.value, password: password.control.value });
      await app.loadPlayer();
      afterSignIn(app, true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const taken = /mail/i.test(error.message) ? email : username;
        for (const f of fields) f.setError("");
        taken.setError(taken === email ? "An account already uses this email. Try logging in instead." : "That username is taken. Please choose another.");
        status.textContent = "One detail needs changing.";
        taken.control.focus();
      } else if (error instanceof ApiError && /password/i.test(error.message) && !error.fieldErrors.username && !error.fieldErrors.email) {
        for (const f of fields) f.setError("");
        password.setError(passwordAdvice(error.message));
        status.textContent = "Your password needs a small change.";
        password.control.focus();
      } else {
        showErrors(error, fields, status);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return {
    title: "Create an account",
    node: h("section", { class: "card narrow auth" },
      h("h1", {}, "Begin your journey"),
      h("p", { class: "lede" }, "A quiet place to play, breathe and grow at your own pace."),
      form,
      h("p", {}, "Already have an account? ", h("a", { href: "#/login" }, "Log in"))),
  };
}
