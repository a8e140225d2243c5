// Pieces shared by the views.
import { h, setContent } from '../dom.js';
import { t } from '../i18n.js';
import { label } from '../reference.js';

export const roleName = (role) => t(`role.${role}`);

/** The organisation's name: a country or donor label from the reference, or the secretariat. */
export function orgName({ role, org }) {
  if (role === 'secretariat') return t('org.secretariat');
  if (role === 'chair') return t('org.chair', { country: label('donors', org) });
  return role === 'state' ? label('countries', org) : label('donors', org);
}

export function statusBadge(list, status) {
  return h('span', { class: `badge status-${status}` }, label(list, status));
}

/** The page heading with optional actions; the h1 takes focus after navigation. */
export const pageHeader = (title, ...actions) =>
  h('div', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title), h('div', { class: 'page-actions' }, actions));

export function showLoading(main, title) {
  setContent(main, pageHeader(title), h('p', { class: 'loading' }, t('app.loading')));
}

export const auditLink = (entityId, name) =>
  h('a', { class: 'button link', href: `#/audit/${encodeURIComponent(entityId)}`, 'aria-label': t('audit.linkFor', { name }) }, t('action.audit'));

/** Re-renders the view and gives focus back to the new refresh button. */
export const refreshButton = (refresh) => h('button', {
  type: 'button', class: 'button secondary', 'data-action': 'refresh',
  onclick: async () => { await refresh(); document.querySelector('[data-action="refresh"]')?.focus(); },
}, t('action.refresh'));

/** Re-renders the view, then focuses the element with this id (or the heading when it is gone). */
export async function refreshAndFocus(ctx, id) {
  await ctx.refresh();
  (document.getElementById(id) ?? document.querySelector('main h1'))?.focus();
}

/** A description list of label/value pairs. */
export const facts = (pairs) => h('dl', { class: 'facts' },
  pairs.filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));

/** A two-step destructive action: the first click asks, the second confirms. */
export function confirmButton({ label: text, confirmLabel, question, onConfirm, name }) {
  const wrapper = h('span', { class: 'confirm' });
  const start = h('button', { type: 'button', class: 'button danger', 'aria-label': `${text}: ${name}` }, text);
  start.addEventListener('click', () => {
    const yes = h('button', { type: 'button', class: 'button danger', onclick: () => onConfirm(yes) }, confirmLabel);
    const no = h('button', { type: 'button', class: 'button secondary', onclick: () => { wrapper.replaceChildren(start); start.focus(); } }, t('action.cancel'));
    wrapper.replaceChildren(h('span', { class: 'confirm-question' }, question), yes, no);
    yes.focus();
  });
  wrapper.append(start);
  return wrapper;
}
