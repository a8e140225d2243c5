// Pieces of the review queue's decisions: the coverage a preview shows, what an approval supersedes, and
// the one reason of a (bulk) rejection with its validation.
import { fromCents, toCents } from '../decimal.js';
import { h, uid } from '../dom.js';
import { money, number, t } from '../i18n.js';
import { matchHeading } from './match-details.js';

const MAX_REASON = 1000;

const minus = (a, b) => ({ amount: fromCents(toCents(a.amount) - toCents(b.amount)), currency: a.currency });

/** Funded/remaining of the need and allocated/remaining of the pledge, before and after approving (from the preview). */
export function coverageTable(match, preview, titles) {
  const need = titles.needOf(match.needId);
  const pledge = titles.pledgeOf(match.pledgeId);
  const row = (figure, before, after) => h('tr', { 'data-figure': figure }, h('th', { scope: 'row' }, t(`queue.${figure}`)),
    h('td', { class: 'num', 'data-amount': before?.amount ?? null }, before ? money(before) : '—'),
    h('td', { class: 'num', 'data-amount': after.amount }, money(after)));
  return h('table', { class: 'data-table coverage-table' },
    h('caption', {}, t('queue.coverageCaption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('queue.figure'))),
      h('th', { scope: 'col', class: 'num' }, t('queue.before')), h('th', { scope: 'col', class: 'num' }, t('queue.after')))),
    h('tbody', {},
      row('needFunded', preview.need.fundedBefore, preview.need.fundedAfter),
      row('needRemaining', need ? minus(need.amount, preview.need.fundedBefore) : null, preview.need.remainingAfter),
      row('pledgeAllocated', preview.pledge.allocatedBefore, preview.pledge.allocatedAfter),
      row('pledgeRemaining', pledge ? minus(pledge.amount, preview.pledge.allocatedBefore) : null, preview.pledge.remainingAfter)));
}

/** What approving supersedes: the other proposals it makes infeasible, named when they are in the loaded queue. */
export function previewText(match, preview, titles, loaded) {
  const ids = preview.supersedes ?? [];
  const byId = new Map(loaded.map((m) => [m.id, m]));
  return h('div', { class: 'preview-text' },
    h('p', {}, t('queue.previewLead', { amount: money(match.amount), needAmount: money(match.needAmount) })),
    ids.length === 0
      ? h('p', { 'data-supersedes': '0' }, t('queue.supersedesNone'))
      : [h('p', { 'data-supersedes': String(ids.length) }, t('queue.supersedesSome', { count: number(ids.length) })),
        h('ul', {}, ids.map((id) => h('li', {}, byId.has(id) ? `${titles.need(byId.get(id).needId)} · ${matchHeading(byId.get(id))}` : id)))]);
}

/** The reason field of a rejection; read() returns the trimmed reason, or null after showing why it is invalid. */
export function rejectReasonField() {
  const id = uid('reject-reason');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const reason = h('textarea', { id, name: 'reason', rows: 3, maxlength: MAX_REASON, required: true, 'aria-describedby': hintId });
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const field = h('div', { class: 'field', 'data-field': 'reason' },
    h('label', { for: id }, t('review.rejectReason')),
    h('p', { class: 'hint', id: hintId }, t('review.rejectHint', { max: number(MAX_REASON) })),
    error, reason);
  const read = () => {
    const text = reason.value.trim();
    if (text.length >= 1 && text.length <= MAX_REASON) return text;
    error.textContent = t('review.rejectInvalid', { max: number(MAX_REASON) });
    error.hidden = false;
    reason.setAttribute('aria-invalid', 'true');
    reason.setAttribute('aria-describedby', `${hintId} ${errorId}`);
    reason.focus();
    return null;
  };
  return { field, read, input: reason };
}
