// Small DOM helpers. Text from documents only ever goes in through textContent:
// nothing here parses a string as HTML.

/** Creates an element with classes, attributes (never on*, never innerHTML) and children. */
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  for (const [name, value] of Object.entries(options.attrs || {})) {
    if (value === undefined || value === null) continue;
    if (/^on/i.test(name)) throw new Error(`refusing event-handler attribute ${name}`);
    node.setAttribute(name, String(value));
  }
  for (const [name, value] of Object.entries(options.data || {})) {
    if (value !== undefined && value !== null) node.dataset[name] = String(value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Removes every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A link only for http(s) URLs: anything else (javascript:, data:) is shown as text. */
export function safeLink(url, label) {
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    return el("span", { text: label || url || "" });
  }
  return el("a", { text: label || parsed.href, attrs: { href: parsed.href, rel: "noopener noreferrer", target: "_blank" } });
}

export function fmtNumber(n) {
  return n === null || n === undefined ? "—" : Number(n).toLocaleString("en");
}
