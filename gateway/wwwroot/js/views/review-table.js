// The review queue's table: a row per proposal (checkbox, need title as row header, sortable amount, score and
// date headers with aria-sort, outcome, details toggle), the details panel with the approval preview's coverage,
// the selection count and bulk buttons, and the "load more" button of the API cursor.
import { describeError, get, ApiError } from '../api.js';
import { h } from '../dom.js';
import { dateTime, money, number, t } from '../i18n.js';
import { label } from '../reference.js';
import { matchDetails, matchHeading } from './match-details.js';
import { coverageTable } from './review-dialogs.js';

const SORTS = { proposedAt: 'proposedAt', amount: 'amountUsd', score: 'score' };

const isRecused = (session, m) => session.role === 'chair' && (m.country === session.org || m.donor === session.org);

function sortHeader(orderBy, key, text, num) {
  const apiKey = SORTS[key];
  const active = orderBy.replace(/^-/, '') === apiKey;
  const descending = active && orderBy.startsWith('-');
  const id = `sort-${key}`;
  return h('th', { scope: 'col', class: num ? 'num' : null, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : null },
    h('button', { type: 'button', class: 'sort-button', id, 'data-sort': apiKey },
      text, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (descending ? ' ▼' : ' ▲') : ' ↕')));
}

function outcomeCell(queue, match) {
  const outcome = queue.outcomes.get(match.id);
  if (!outcome) return h('td', { class: 'outcome' });
  return h('td', { class: `outcome outcome-${outcome.kind}` },
    h('span', { class: `badge outcome-badge outcome-${outcome.kind}` }, outcome.text),
    outcome.detail ? h('details', {}, h('summary', {}, t('queue.why')), h('p', { class: 'outcome-detail' }, outcome.detail)) : null);
}

function rowOf(view, match) {
  const { queue, session, titles } = view;
  const heading = matchHeading(match);
  const decided = ['approved', 'rejected'].includes(queue.outcomes.get(match.id)?.kind);
  const recused = isRecused(session, match);
  const panelId = `details-${match.id}`;
  const open = queue.open === match.id;
  return h('tr', { 'data-match': match.id, class: decided ? 'is-decided' : null },
    h('td', { class: 'select-cell' }, h('input', {
      type: 'checkbox', class: 'row-select', 'data-id': match.id, checked: queue.selected.has(match.id), disabled: decided,
      'aria-label': t('queue.selectRow', { heading: `${titles.need(match.needId)} · ${heading}` }),
    })),
    h('th', { scope: 'row', class: 'need-cell' }, titles.need(match.needId),
      recused ? h('span', { class: 'badge status-recused' }, t('review.recusedBadge')) : null),
    h('td', {}, label('countries', match.country)),
    h('td', {}, label('sectors', match.sector)),
    h('td', {}, label('donors', match.donor)),
    h('td', {}, label('instruments', match.instrument)),
    h('td', { class: 'num' }, money(match.amount)),
    h('td', { class: 'num' }, number(match.score, { maximumFractionDigits: 2 })),
    h('td', { class: 'when' }, dateTime(match.proposedAt)),
    outcomeCell(queue, match),
    h('td', {}, h('button', {
      type: 'button', class: 'button secondary small', 'data-details': match.id, 'aria-expanded': open ? 'true' : 'false', 'aria-controls': panelId,
      'aria-label': `${t('queue.details')}: ${titles.need(match.needId)} · ${heading}`,
    }, t('queue.details'))));
}

function detailsRow(view, match) {
  const { queue, session, titles } = view;
  const panelId = `details-${match.id}`;
  const coverage = h('div', { class: 'preview-slot' }, h('p', { class: 'loading' }, t('app.loading')));
  const decided = queue.outcomes.has(match.id);
  const recused = isRecused(session, match);
  const recusalId = `recusal-${match.id}`;
  const describedBy = recused ? recusalId : null;
  const approve = h('button', { type: 'button', class: 'button', 'data-action': 'approve-one', disabled: decided || recused, 'aria-describedby': describedBy }, t('review.approve'));
  const reject = h('button', { type: 'button', class: 'button danger', 'data-action': 'reject-one', disabled: decided || recused, 'aria-describedby': describedBy }, t('review.reject'));
  approve.addEventListener('click', () => view.onApprove(match));
  reject.addEventListener('click', () => view.onReject([match]));
  const panel = h('section', { class: 'details-panel', id: panelId, 'aria-label': t('queue.detailsOf', { heading: titles.need(match.needId) }) },
    h('div', { class: 'details-grid' },
      h('div', {}, matchDetails(match, (id) => (id === match.needId ? titles.need(id) : titles.pledge(id)))),
      h('div', {}, h('h3', {}, t('queue.coverage')), coverage)),
    recused ? h('p', { class: 'recusal', id: recusalId }, t('review.recused')) : null,
    h('div', { class: 'card-actions' }, approve, reject));
  if (!decided) {
    get(`/api/v1/matches/${encodeURIComponent(match.id)}/preview`).then(
      (preview) => coverage.replaceChildren(coverageTable(match, preview, titles)),
      (error) => coverage.replaceChildren(h('p', { class: 'hint' }, error instanceof ApiError && error.status === 403
        ? t('queue.previewForbidden') : describeError(error))));
  } else {
    coverage.replaceChildren(h('p', { class: 'hint' }, queue.outcomes.get(match.id).text));
  }
  return h('tr', { class: 'details-row', 'data-details-of': match.id }, h('td', { colspan: 11 }, panel));
}

export function updateSelection(host, queue) {
  const count = queue.selected.size;
  host.querySelector('#selection-count').textContent = t('queue.selected', { count: number(count) });
  for (const button of host.querySelectorAll('[data-bulk]')) button.disabled = count === 0;
  const all = host.querySelector('#select-all');
  const selectable = queue.rows.filter((m) => !queue.outcomes.has(m.id));
  all.checked = selectable.length > 0 && selectable.every((m) => queue.selected.has(m.id));
  all.indeterminate = count > 0 && !all.checked;
}

/**
 * Draws the queue into host. view: { queue, orderBy, session, titles, onApprove(match), onReject(matches) }.
 */
export function drawTable(host, view) {
  const { queue, orderBy } = view;
  const rows = queue.rows;
  const count = rows.length;
  const more = queue.next !== null;
  const header = h('tr', {},
    h('th', { scope: 'col', class: 'select-cell' }, h('input', { type: 'checkbox', id: 'select-all', 'aria-label': t('queue.selectAll') })),
    h('th', { scope: 'col' }, t('match.need')),
    h('th', { scope: 'col' }, t('queue.filter.country')),
    h('th', { scope: 'col' }, t('queue.filter.sector')),
    h('th', { scope: 'col' }, t('queue.filter.donor')),
    h('th', { scope: 'col' }, t('queue.filter.instrument')),
    sortHeader(orderBy, 'amount', t('queue.amount'), true),
    sortHeader(orderBy, 'score', t('match.score'), true),
    sortHeader(orderBy, 'proposedAt', t('match.proposedAt'), false),
    h('th', { scope: 'col' }, t('queue.outcome')),
    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('queue.details'))));
  const body = h('tbody', {}, rows.flatMap((m) => [rowOf(view, m), queue.open === m.id ? detailsRow(view, m) : null]));
  host.replaceChildren(
    h('p', { class: 'count', id: 'queue-count', tabindex: '-1' },
      more ? t('queue.countMore', { count: number(count) }) : t(count === 1 ? 'review.countOne' : 'review.count', { count: number(count) })),
    h('p', { id: 'queue-result', class: 'queue-result', tabindex: '-1', hidden: true }),
    h('div', { class: 'bulk-bar', role: 'group', 'aria-label': t('queue.bulk') },
      h('span', { id: 'selection-count', class: 'selection-count' }),
      h('button', { type: 'button', class: 'button', 'data-bulk': 'approve' }, t('queue.approveSelected')),
      h('button', { type: 'button', class: 'button danger', 'data-bulk': 'reject' }, t('queue.rejectSelected'))),
    count === 0 ? h('p', { class: 'empty' }, t('review.empty')) : h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': 'queue-caption' },
      h('table', { class: 'data-table queue-table' },
        h('caption', { id: 'queue-caption' }, t('queue.caption')),
        h('thead', {}, header), body)),
    more ? h('p', {}, h('button', { type: 'button', class: 'button secondary', 'data-action': 'more' }, t('queue.more'))) : null);
  updateSelection(host, queue);
}
