// Form fields that say what went wrong next to the control, in words a person can act on.
import { ApiError } from "./api.js";
import { h, newId } from "./dom.js";

/** A labelled control with a hint and an error slot wired up through aria-describedby. */
export function field({ label, name, type = "text", hint, required = false, autocomplete, value, options, rows, maxlength, minlength }) {
  const id = newId(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const attrs = { id, name, required, autocomplete, maxlength, minlength, "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") };
  let control;
  if (options) {
    control = h("select", attrs, options.map(([optValue, text]) => h("option", { value: optValue, selected: optValue === value }, text)));
  } else if (rows) {
    control = h("textarea", { ...attrs, rows }, value ?? "");
  } else {
    control = h("input", { ...attrs, type, value });
  }
  const error = h("p", { class: "field-error", id: errorId });
  const wrapper = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label, required ? h("span", { class: "required" }, " (required)") : h("span", { class: "optional" }, " (optional)")),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    control,
    error,
  );
  return {
    wrapper,
    control,
    name,
    get value() {
      return control.value.trim();
    },
    setError(message) {
      error.textContent = message ?? "";
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    },
  };
}

/** The form-level message area; errors are announced when they appear. */
export function formStatus() {
  return h("p", { class: "form-status", role: "alert" });
}

const FRIENDLY = {
  409: "That is already taken. Please choose another.",
  422: "Some details need another look.",
  429: "That was a lot of tries in a short time. Please wait a minute and try again.",
};

/**
 * Show an error on the right fields (from a validation problem) and a summary in `status`.
 * Returns true when it handled the error.
 */
export function showErrors(error, fields, status, messages = {}) {
  for (const f of fields) f.setError("");
  if (!(error instanceof ApiError)) {
    status.textContent = error?.message || "Something went wrong. Please try again.";
    return true;
  }
  const byField = error.fieldErrors;
  let first = null;
  for (const f of fields) {
    if (byField[f.name]) {
      f.setError(tidy(byField[f.name]));
      first ??= f;
    }
  }
  status.textContent = messages[error.status] ?? (first ? FRIENDLY[422] : error.message || FRIENDLY[error.status] || "Something went wrong. Please try again.");
  (first?.control ?? status).focus?.();
  return true;
}

function tidy(message) {
  const text = String(message).replace(/^Value error, /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Check required fields in the browser first, so the player hears about them at once. */
export function checkRequired(fields, status) {
  let first = null;
  for (const f of fields) {
    const missing = f.control.required && !f.value;
    const label = f.wrapper.querySelector("label").firstChild.textContent.toLowerCase();
    f.setError(missing ? `Please fill in the ${label} field.` : "");
    if (missing) first ??= f;
  }
  status.textContent = first ? "A few details are still missing." : "";
  first?.control.focus();
  return !first;
}
