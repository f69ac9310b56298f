// Building DOM nodes without HTML strings: the CSP forbids inline code and Trusted Types
// forbids HTML sinks, so every node is made with createElement and filled with textContent.

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** h("p", {class: "note"}, "text", otherNode) -> an HTML element. */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** svg("rect", {x: 0}) -> an SVG element. */
export function svg(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

let uid = 0;
/** A fresh id for pairing labels, hints and errors with their controls. */
export function newId(prefix = "id") {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Tell everyone, screen readers included, something short and polite. */
export function announce(text) {
  const toast = document.getElementById("toast");
  toast.textContent = text;
  toast.classList.add("visible");
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => {
    toast.classList.remove("visible");
    // Empty once faded, so nothing half-transparent lingers on the page.
    announce.timer = setTimeout(() => (toast.textContent = ""), 400);
  }, 4000);
}
