// Donor: its pledges with allocated and remaining, and the matches proposed for them with their reasons.
import { describeError, getAll, post } from '../api.js';
import { coverageBar } from '../charts.js';
import { sum } from '../decimal.js';
import { h, setContent } from '../dom.js';
import { date, money, t } from '../i18n.js';
import { label, loadReference } from '../reference.js';
import { alertError, announce } from '../status.js';
import { auditLink, confirmButton, facts, pageHeader, refreshButton, showLoading, statusBadge } from './common.js';
import { matchCard, titlesFor } from './match-details.js';

const listOr = (list, codes, all) => (codes.length ? codes.map((code) => label(list, code)).join(', ') : all);

function pledgeCard(pledge, proposedByPledge, ctx) {
  const editable = pledge.status !== 'withdrawn';
  const titleId = `pledge-${pledge.id}`;
  return h('article', { class: `card pledge${pledge.status === 'withdrawn' ? ' is-withdrawn' : ''}`, 'aria-labelledby': titleId },
    h('header', { class: 'card-header' }, h('h2', { id: titleId }, pledge.title), statusBadge('pledgeStatuses', pledge.status)),
    coverageBar({
      requested: pledge.amount.amount, proposed: proposedByPledge(pledge.id), approved: pledge.allocated.amount,
      currency: pledge.amount.currency, name: pledge.title,
    }),
    facts([
      [t('pledge.allocated'), money(pledge.allocated)],
      [t('pledge.remaining'), money(pledge.remaining)],
      [t('pledge.instrument'), label('instruments', pledge.instrument)],
      [t('pledge.countries'), listOr('countries', pledge.countries, t('pledge.allCountries'))],
      [t('pledge.sectors'), listOr('sectors', pledge.sectors, t('pledge.allSectors'))],
      [t('pledge.minAllocation'), pledge.minAllocation ? money(pledge.minAllocation) : null],
      [t('pledge.maxAllocation'), pledge.maxAllocation ? money(pledge.maxAllocation) : null],
      [t('pledge.availability'), pledge.availableFrom || pledge.availableUntil ? `${date(pledge.availableFrom)} – ${date(pledge.availableUntil)}` : null],
      [t('pledge.conditions'), pledge.conditions],
    ]),
    h('div', { class: 'card-actions' },
      editable ? h('a', { class: 'button secondary', href: `#/pledges/${encodeURIComponent(pledge.id)}/edit`, 'aria-label': `${t('action.edit')}: ${pledge.title}` }, t('action.edit')) : null,
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
      auditLink(pledge.id, pledge.title)));
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
  const active = pledges.filter((p) => p.status !== 'withdrawn');
  const withdrawn = pledges.filter((p) => p.status === 'withdrawn');
  setContent(main, 
    pageHeader(title, h('a', { class: 'button', href: '#/pledges/new' }, t('pledges.post')), refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, t('pledges.lead')),
    active.length ? h('div', { class: 'cards' }, active.map((p) => pledgeCard(p, proposedByPledge, ctx))) : h('p', { class: 'empty' }, t('pledges.empty')),
    withdrawn.length ? h('details', { class: 'withdrawn' }, h('summary', {}, t('pledges.withdrawnCount', { count: withdrawn.length })),
      h('div', { class: 'cards' }, withdrawn.map((p) => pledgeCard(p, proposedByPledge, ctx)))) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'proposals-title' },
      h('h2', { id: 'proposals-title' }, t('pledges.proposals', { count: proposals.length })),
      h('p', { class: 'hint' }, t('pledges.proposalsLead')),
      proposals.length ? h('div', { class: 'cards' }, proposals.map((m) => matchCard(m, titleOf))) : h('p', { class: 'empty' }, t('pledges.noProposals'))),
    approved.length ? h('section', { class: 'panel', 'aria-labelledby': 'approved-title' },
      h('h2', { id: 'approved-title' }, t('pledges.approved', { count: approved.length })),
      h('div', { class: 'cards' }, approved.map((m) => matchCard(m, titleOf)))) : null);
}
