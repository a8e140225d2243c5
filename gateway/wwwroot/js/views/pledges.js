// Donor: its pledges as a sortable, filterable table (allocated, remaining, coverage, actions) with a CSV download,
// and the matches proposed for them with their reasons.
import { describeError, getAll, post } from '../api.js';
import { coverageBar } from '../charts.js';
import { sum } from '../decimal.js';
import { h, setContent } from '../dom.js';
import { date, money, t } from '../i18n.js';
import { label, loadReference } from '../reference.js';
import { alertError, announce } from '../status.js';
import { auditLink, confirmButton, pageHeader, refreshButton, showLoading, statusBadge } from './common.js';
import { dataTable } from './data-table.js';
import { matchCard, titlesFor } from './match-details.js';

const listOr = (list, codes, all) => (codes.length ? codes.map((code) => label(list, code)).join(', ') : all);

function pledgeActions(pledge, ctx) {
  const editable = pledge.status !== 'withdrawn';
  return h('div', { class: 'row-actions' },
    editable ? h('a', { class: 'button secondary small', href: `#/pledges/${encodeURIComponent(pledge.id)}/edit`, 'aria-label': `${t('action.edit')}: ${pledge.title}` }, t('action.edit')) : null,
    editable ? confirmButton({
      label: t('action.withdraw'), confirmLabel: t('action.confirmWithdraw'), question: t('pledge.withdrawQuestion'), name: pledge.title,
      onConfirm: async (button) => {
        button.disabled = true;
        try {
          await post(`/api/v1/pledges/${encodeURIComponent(pledge.id)}/withdraw`);
          announce(t('pledge.withdrawn', { title: pledge.title }));
          ctx.refresh();
        } catch (error) {
          button.disabled = false;
          alertError(describeError(error));
        }
      },
    }) : null,
    auditLink(pledge.id, pledge.title));
}

function pledgeColumns(proposedByPledge, ctx) {
  const amount = (m) => Number(m.amount);
  return [
    { key: 'title', label: t('table.title'), rowHeader: true, value: (p) => p.title, cell: (p) => p.title },
    { key: 'instrument', label: t('pledge.instrument'), value: (p) => label('instruments', p.instrument), cell: (p) => label('instruments', p.instrument) },
    { key: 'countries', label: t('pledge.countries'), value: (p) => listOr('countries', p.countries, ''), cell: (p) => listOr('countries', p.countries, t('pledge.allCountries')) },
    { key: 'sectors', label: t('pledge.sectors'), value: (p) => listOr('sectors', p.sectors, ''), cell: (p) => listOr('sectors', p.sectors, t('pledge.allSectors')) },
    { key: 'amount', label: t('pledge.amount'), num: true, value: (p) => amount(p.amount), cell: (p) => money(p.amount) },
    { key: 'proposed', label: t('table.proposed'), num: true, value: (p) => Number(proposedByPledge(p.id)), cell: (p) => money({ amount: proposedByPledge(p.id), currency: p.amount.currency }) },
    { key: 'allocated', label: t('table.allocated'), num: true, value: (p) => amount(p.allocated), cell: (p) => money(p.allocated) },
    { key: 'remaining', label: t('table.remaining'), num: true, value: (p) => amount(p.remaining), cell: (p) => money(p.remaining) },
    { key: 'coverage', label: t('table.coverage'), sortable: false, value: () => 0, cell: (p) => coverageBar({
      requested: p.amount.amount, proposed: proposedByPledge(p.id), approved: p.allocated.amount, currency: p.amount.currency, name: p.title,
    }).querySelector('svg') },
    { key: 'status', label: t('table.status'), value: (p) => label('pledgeStatuses', p.status), cell: (p) => statusBadge('pledgeStatuses', p.status) },
    { key: 'availability', label: t('pledge.availability'), value: (p) => p.availableUntil ?? '', cell: (p) => (p.availableFrom || p.availableUntil ? `${date(p.availableFrom)} – ${date(p.availableUntil)}` : '—') },
    { key: 'actions', label: t('table.actions'), sortable: false, value: () => 0, cell: (p) => pledgeActions(p, ctx) },
  ];
}

export async function renderPledges(main, ctx) {
  const { org } = ctx.session;
  await loadReference();
  const title = t('pledges.title', { donor: label('donors', org) });
  showLoading(main, title);
  const [pledges, matches] = await Promise.all([getAll('/api/v1/pledges', { donor: org }), getAll('/api/v1/matches', { donor: org })]);
  const proposals = matches.filter((m) => m.status === 'proposed');
  const approved = matches.filter((m) => m.status === 'approved');
  const titleOf = await titlesFor([...proposals, ...approved]);
  if (!ctx.isCurrent()) return;
  const proposedByPledge = (pledgeId) => sum(proposals.filter((m) => m.pledgeId === pledgeId).map((m) => m.amount.amount));
  setContent(main,
    pageHeader(title, h('a', { class: 'button', href: '#/pledges/new' }, t('pledges.post')), refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, t('pledges.lead')),
    pledges.length
      ? dataTable({ name: 'pledges', caption: title, columns: pledgeColumns(proposedByPledge, ctx), rows: pledges, statusList: 'pledgeStatuses',
        csv: { path: '/api/v1/pledges', query: { donor: org }, fileName: `pledges-${org}.csv` } })
      : h('p', { class: 'empty' }, t('pledges.empty')),
    h('section', { class: 'panel', 'aria-labelledby': 'proposals-title' },
      h('h2', { id: 'proposals-title' }, t('pledges.proposals', { count: proposals.length })),
      h('p', { class: 'hint' }, t('pledges.proposalsLead')),
      proposals.length ? h('div', { class: 'cards' }, proposals.map((m) => matchCard(m, titleOf))) : h('p', { class: 'empty' }, t('pledges.noProposals'))),
    approved.length ? h('section', { class: 'panel', 'aria-labelledby': 'approved-title' },
      h('h2', { id: 'approved-title' }, t('pledges.approved', { count: approved.length })),
      h('div', { class: 'cards' }, approved.map((m) => matchCard(m, titleOf)))) : null);
}
