// Status and error messages, announced through aria-live regions that exist from the first paint.
import { h } from './dom.js';

const statusRegion = () => document.getElementById('status');
const alertRegion = () => document.getElementById('alert');

/** A polite announcement ("Need published"). */
export function announce(message) {
  alertRegion().replaceChildren();
  statusRegion().replaceChildren(h('p', { class: 'status-message' }, message));
}

/** An assertive error with an optional action button (e.g. retry). */
export function alertError(message, action) {
  statusRegion().replaceChildren();
  alertRegion().replaceChildren(h('div', { class: 'alert-message' },
    h('p', {}, message),
    action ? h('button', { type: 'button', class: 'button secondary', onclick: action.run }, action.label) : null));
}

let afterNavigation = null;

/** An announcement for the page the app is about to navigate to ("Need published" → the list). */
export function announceAfterNavigation(message) {
  afterNavigation = message;
}

/** On navigation: the previous page's messages go, one left for the new page is announced. */
export function messagesForNewPage() {
  statusRegion().replaceChildren();
  alertRegion().replaceChildren();
  if (afterNavigation) announce(afterNavigation);
  afterNavigation = null;
}
