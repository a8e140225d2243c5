// The bell in the header: the signed-in person's unread count (GET /api/v1/notifications/unread-count)
// and a panel of their latest notifications in the interface's language; opening the panel marks what it
// shows as read. Machine clients have no notifications: the bell is for people (a session with a name).
import { get, post, describeError } from '../api.js';
import { h, svg } from '../dom.js';
import { dateTime, getLang, t } from '../i18n.js';

const POLL_MS = 60_000;
const PANEL_ID = 'notifications-panel';
let unread = 0;
let open = false;
let timer = null;
let items = [];
let error = null;
let rerender = () => {};

async function refreshCount() {
  try {
    unread = (await get('/api/v1/notifications/unread-count')).unread;
  } catch {
    // The count is a hint; the next poll tries again.
  }
  rerender();
}

async function loadPanel() {
  try {
    items = (await get('/api/v1/notifications', { pageSize: 20 })).items;
    error = null;
    if (items.some((n) => !n.readAt)) {
      await post('/api/v1/notifications/read-all');
      unread = 0;
    }
  } catch (e) {
    error = describeError(e);
  }
  rerender();
}

function toggle() {
  open = !open;
  if (open) loadPanel();
  rerender();
}

function panel() {
  const lang = getLang();
  const list = items.length === 0
    ? h('p', { class: 'notifications-empty' }, error ?? t('notifications.empty'))
    : h('ul', { class: 'notifications-list' }, items.map((n) =>
      h('li', { class: n.readAt ? 'notification' : 'notification unread' },
        h('p', { class: 'notification-title' }, n.title[lang] ?? n.title.en),
        h('p', { class: 'notification-body' }, n.body[lang] ?? n.body.en),
        h('p', { class: 'notification-meta' }, h('time', { datetime: n.createdAt }, dateTime(n.createdAt))))));
  return h('section', { class: 'notifications-panel', id: PANEL_ID, 'aria-label': t('notifications.title'), hidden: !open },
    h('h2', {}, t('notifications.title')), list,
    h('p', { class: 'notifications-hint' }, t('notifications.hint')));
}

/** The bell and its panel, kept up to date while the person is signed in. */
export function notificationBell(session) {
  const slot = h('div', { class: 'notifications' });
  rerender = () => {
    const label = unread === 0 ? t('notifications.none') : t('notifications.unread', { count: unread });
    slot.replaceChildren(
      h('button', { type: 'button', class: 'button secondary bell', 'aria-expanded': String(open), 'aria-controls': PANEL_ID, onclick: toggle },
        svg('svg', { viewBox: '0 0 24 24', width: '18', height: '18', 'aria-hidden': 'true', focusable: 'false' },
          svg('path', { fill: 'currentColor', d: 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6v-5a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z' })),
        h('span', { class: 'visually-hidden' }, label),
        unread > 0 ? h('span', { class: 'bell-count', 'aria-hidden': 'true' }, unread > 99 ? '99+' : String(unread)) : null),
      panel());
  };
  if (!timer && session?.name) {
    refreshCount();
    timer = setInterval(refreshCount, POLL_MS);
  }
  rerender();
  return slot;
}

/** Stops polling (signed out). */
export function stopNotifications() {
  clearInterval(timer);
  timer = null;
  unread = 0;
  items = [];
  open = false;
}
