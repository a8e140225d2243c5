// Everyone: the audit trail of an item (need, pledge or match). 403 is explained, not an error page.
import { ApiError, describeError, get } from '../api.js';
import { h, setContent } from '../dom.js';
import { dateTime, t } from '../i18n.js';
import { pageHeader } from './common.js';

function detailsText(details) {
  if (details === null || details === undefined || details === '') return '';
  return typeof details === 'string' ? details : JSON.stringify(details);
}

async function trail(entityId) {
  try {
    const data = await get('/api/v1/audit', { entityId });
    const items = data?.items ?? [];
    if (!items.length) return h('p', { class: 'empty' }, t('audit.empty'));
    return h('table', { class: 'data-table audit' },
      h('caption', {}, t('audit.caption', { id: entityId })),
      h('thead', {}, h('tr', {}, ['audit.at', 'audit.action', 'audit.actor', 'audit.details'].map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, items.map((item) => h('tr', {},
        h('td', {}, h('time', { datetime: item.at }, dateTime(item.at))),
        h('td', {}, h('code', {}, item.action)),
        h('td', {}, `${item.actorName ?? item.actor ?? ''}${item.org ? ` (${item.org})` : ''}`),
        h('td', { class: 'details' }, detailsText(item.details))))));
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return h('p', { class: 'notice' }, t('audit.forbidden'));
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return h('p', { class: 'notice' }, t('audit.unknown'));
    return h('p', { class: 'notice' }, describeError(error));
  }
}

export async function renderAudit(main, ctx) {
  const entityId = ctx.params[0] ?? '';
  const idInput = h('input', { type: 'text', id: 'audit-id', name: 'entityId', value: entityId, autocomplete: 'off', 'aria-describedby': 'audit-id-hint' });
  const form = h('form', { class: 'audit-form', role: 'search', 'aria-label': t('audit.search') },
    h('div', { class: 'field' },
      h('label', { for: 'audit-id' }, t('audit.id')),
      h('p', { class: 'hint', id: 'audit-id-hint' }, t('audit.idHint')),
      idInput),
    h('button', { type: 'submit', class: 'button' }, t('audit.show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = idInput.value.trim();
    if (value) ctx.navigate(`#/audit/${encodeURIComponent(value)}`);
  });
  const result = h('section', { class: 'panel', 'aria-live': 'polite' }, entityId ? h('p', { class: 'loading' }, t('app.loading')) : h('p', { class: 'hint' }, t('audit.pick')));
  setContent(main, pageHeader(t('audit.title')), form, result);
  if (entityId) {
    const content = await trail(entityId);
    if (ctx.isCurrent()) result.replaceChildren(content);
  }
}
