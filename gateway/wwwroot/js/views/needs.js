// Member state: its needs as a sortable, filterable table, each row with a coverage bar (requested / proposed /
// approved) and its actions, and a CSV download of the same list.
import { getAll, post, describeError } from '../api.js';
import { coverageBar } from '../charts.js';
import { sum } from '../decimal.js';
import { h, setContent } from '../dom.js';
import { date, dateTime, money, t } from '../i18n.js';
import { label, loadReference } from '../reference.js';
import { alertError, announce } from '../status.js';
import { auditLink, confirmButton, pageHeader, refreshButton, showLoading, statusBadge } from './common.js';
import { dataTable } from './data-table.js';

/** Proposed and approved amounts per need, in the need's currency, from its matches. */
export function coverageByNeed(matches) {
  const byNeed = new Map();
  for (const match of matches) {
    const entry = byNeed.get(match.needId) ?? { proposed: [], approved: [] };
    if (match.status === 'proposed') entry.proposed.push(match.needAmount.amount);
    if (match.status === 'approved') entry.approved.push(match.needAmount.amount);
    byNeed.set(match.needId, entry);
  }
  return (needId) => {
    const entry = byNeed.get(needId) ?? { proposed: [], approved: [] };
    return { proposed: sum(entry.proposed), approved: sum(entry.approved) };
  };
}

/** The MIRPS Fund referral: a badge with its date and reason beside the status, or the form that refers an open need. */
function referredBadge(need) {
  return need.referral
    ? h('span', { class: 'referral-note' }, h('span', { class: 'badge referred' }, t('need.referred')), ' ',
      h('small', {}, `${t('need.referredSince', { date: dateTime(need.referral.at) })}: ${need.referral.reason}`))
    : null;
}

export function referForm(need, ctx) {
  if (need.referral || !(need.status === 'open' || need.status === 'partially-funded')) return null;
  const reasonId = `refer-reason-${need.id}`;
  const reason = h('textarea', { id: reasonId, name: 'reason', required: true, maxlength: 1000 });
  const submit = h('button', { type: 'submit', class: 'button secondary' }, t('need.referSubmit'));
  const form = h('form', {
    class: 'refer-form',
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await post(`/api/v1/needs/${encodeURIComponent(need.id)}/refer`, { reason: reason.value });
        announce(t('need.referredDone', { title: need.title }));
        ctx.refresh();
      } catch (error) {
        submit.disabled = false;
        alertError(describeError(error));
      }
    },
  }, h('label', { for: reasonId }, t('need.referReason')), reason, submit);
  return h('details', { class: 'refer' }, h('summary', { 'aria-label': `${t('action.refer')}: ${need.title}` }, t('action.refer')), form);
}

/** The need's actions: edit, withdraw (two steps), audit, refer to the MIRPS Fund. */
function needActions(need, ctx) {
  const editable = need.status !== 'withdrawn';
  return h('div', { class: 'row-actions' },
    editable ? h('a', { class: 'button secondary small', href: `#/needs/${encodeURIComponent(need.id)}/edit`, 'aria-label': `${t('action.edit')}: ${need.title}` }, t('action.edit')) : null,
    editable ? confirmButton({
      label: t('action.withdraw'), confirmLabel: t('action.confirmWithdraw'), question: t('need.withdrawQuestion'), name: need.title,
      onConfirm: async (button) => {
        button.disabled = true;
        try {
          await post(`/api/v1/needs/${encodeURIComponent(need.id)}/withdraw`);
          announce(t('need.withdrawn', { title: need.title }));
          ctx.refresh();
        } catch (error) {
          button.disabled = false;
          alertError(describeError(error));
        }
      },
    }) : null,
    auditLink(need.id, need.title),
    referForm(need, ctx));
}

/** The coverage bar alone (its accessible name carries the figures), for a table cell. */
const barOf = (need, coverage) => {
  const { proposed, approved } = coverage(need.id);
  return coverageBar({ requested: need.amount.amount, proposed, approved, currency: need.amount.currency, name: need.title }).querySelector('svg');
};

export async function renderNeeds(main, ctx) {
  const { org } = ctx.session;
  await loadReference();
  const title = t('needs.title', { country: label('countries', org) });
  showLoading(main, title);
  const [needs, matches] = await Promise.all([
    getAll('/api/v1/needs', { country: org }),
    getAll('/api/v1/matches', { country: org }),
  ]);
  if (!ctx.isCurrent()) return;
  const coverage = coverageByNeed(matches);
  const amount = (m) => Number(m.amount);
  const columns = [
    { key: 'title', label: t('table.title'), rowHeader: true, value: (n) => n.title, cell: (n) => n.title },
    { key: 'sector', label: t('need.sector'), value: (n) => label('sectors', n.sector), cell: (n) => label('sectors', n.sector) },
    { key: 'priority', label: t('need.priority'), value: (n) => ['low', 'medium', 'high', 'critical'].indexOf(n.priority), cell: (n) => label('priorities', n.priority) },
    { key: 'amount', label: t('coverage.requested'), num: true, value: (n) => amount(n.amount), cell: (n) => money(n.amount) },
    { key: 'funded', label: t('coverage.approved'), num: true, value: (n) => amount(n.funded), cell: (n) => money(n.funded) },
    { key: 'remaining', label: t('coverage.gap'), num: true, value: (n) => amount(n.remaining), cell: (n) => money(n.remaining) },
    { key: 'coverage', label: t('table.coverage'), sortable: false, value: () => 0, cell: (n) => barOf(n, coverage) },
    { key: 'status', label: t('table.status'), value: (n) => label('needStatuses', n.status), cell: (n) => h('span', {}, statusBadge('needStatuses', n.status), ' ', referredBadge(n)) },
    { key: 'updatedAt', label: t('table.updated'), value: (n) => n.updatedAt, cell: (n) => date(n.updatedAt?.slice(0, 10)) },
    { key: 'actions', label: t('table.actions'), sortable: false, value: () => 0, cell: (n) => needActions(n, ctx) },
  ];
  setContent(main,
    pageHeader(title,
      h('a', { class: 'button', href: '#/needs/new' }, t('needs.publish')),
      refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, t('needs.lead')),
    needs.length
      ? dataTable({ name: 'needs', caption: title, columns, rows: needs, statusList: 'needStatuses', csv: { path: '/api/v1/needs', query: { country: org }, fileName: `needs-${org}.csv` } })
      : h('p', { class: 'empty' }, t('needs.empty')));
}
