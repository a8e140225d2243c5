// Builds DOM nodes without innerHTML, so API data is always text, never markup.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** An HTML element: h('button', { type: 'button', onclick }, 'Text'). */
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);

/** An SVG element. */
export const svg = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

let counter = 0;
/** A document-unique id for label/aria wiring. */
export const uid = (prefix = 'id') => `${prefix}-${++counter}`;

/** Replaces el's children, skipping null/false (conditional parts of a view). */
export const setContent = (el, ...children) =>
  el.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
