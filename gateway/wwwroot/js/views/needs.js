// Member state: its needs, each with a coverage bar (requested / proposed / approved).
import { getAll, post, describeError } from '../api.js';
import { coverageBar } from '../charts.js';
import { sum } from '../decimal.js';
import { h, setContent } from '../dom.js';
import { date, dateTime, number, t } from '../i18n.js';
import { label, loadReference } from '../reference.js';
import { alertError, announce } from '../status.js';
import { auditLink, confirmButton, facts, pageHeader, refreshButton, showLoading, statusBadge } from './common.js';

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

/** The MIRPS Fund referral: a badge (its date and reason are among the card's facts), or the form that refers an open need. */
function referredBadge(need) {
  return need.referral ? h('span', { class: 'badge referred' }, t('need.referred')) : null;
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

function needCard(need, coverage, ctx) {
  const editable = need.status !== 'withdrawn';
  const { proposed, approved } = coverage(need.id);
  const titleId = `need-${need.id}`;
  return h('article', { class: `card need${need.status === 'withdrawn' ? ' is-withdrawn' : ''}`, 'aria-labelledby': titleId },
    h('header', { class: 'card-header' },
      h('h2', { id: titleId }, need.title),
      h('span', {}, statusBadge('needStatuses', need.status), ' ', referredBadge(need))),
    coverageBar({ requested: need.amount.amount, proposed, approved, currency: need.amount.currency, name: need.title }),
    facts([
      [t('need.sector'), label('sectors', need.sector)],
      [t('need.priority'), label('priorities', need.priority)],
      [t('need.instruments'), need.instruments.map((code) => label('instruments', code)).join(', ')],
      [t('need.targetPopulation'), need.targetPopulation === null ? null : number(need.targetPopulation)],
      [t('need.period'), need.startDate || need.endDate ? `${date(need.startDate)} – ${date(need.endDate)}` : null],
      [t('need.location'), need.location],
      [t('need.reference'), need.reference],
      [t('need.referral'), need.referral
        ? `${t('need.referredSince', { date: dateTime(need.referral.at) })}: ${need.referral.reason}` : null],
    ]),
    h('div', { class: 'card-actions' },
      editable ? h('a', { class: 'button secondary', href: `#/needs/${encodeURIComponent(need.id)}/edit`, 'aria-label': `${t('action.edit')}: ${need.title}` }, t('action.edit')) : null,
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
      auditLink(need.id, need.title)),
    referForm(need, ctx));
}

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
  const active = needs.filter((need) => need.status !== 'withdrawn');
  const withdrawn = needs.filter((need) => need.status === 'withdrawn');
  setContent(main, 
    pageHeader(title,
      h('a', { class: 'button', href: '#/needs/new' }, t('needs.publish')),
      refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, t('needs.lead')),
    active.length ? h('div', { class: 'cards' }, active.map((need) => needCard(need, coverage, ctx))) : h('p', { class: 'empty' }, t('needs.empty')),
    withdrawn.length ? h('details', { class: 'withdrawn' },
      h('summary', {}, t('needs.withdrawnCount', { count: withdrawn.length })),
      h('div', { class: 'cards' }, withdrawn.map((need) => needCard(need, coverage, ctx)))) : null);
}
