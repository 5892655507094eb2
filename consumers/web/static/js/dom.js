// Building elements from data without innerHTML, so no value from the index is ever parsed as markup.

/** h("a", {href: "#x", class: "hit"}, "text", child): an element; null/false children are skipped. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replace an element's children. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}

/** "date_of_birth" -> "date of birth". */
export const label = (name) => String(name).replaceAll("_", " ");

/** An ISO time as a short local date and time ("2025-06-03 23:11"), or "time unknown". */
export function when(iso) {
  if (!iso) return "time unknown";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A kind badge: "person", "vehicle" or "firearm", spelt out (not only a colour). */
export const kindBadge = (kind) => h("span", { class: `kind kind-${kind || "unknown"}` }, kind || "unknown");

/** Calls fn once the calls stop for ``ms`` milliseconds. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
