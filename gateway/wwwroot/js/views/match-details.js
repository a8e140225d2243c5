// A match explained: who, what, how much (both currencies and the FX rate), its score and its reasons.
import { get } from '../api.js';
import { h } from '../dom.js';
import { date, dateTime, money, number, t } from '../i18n.js';
import { label } from '../reference.js';
import { auditLink, facts, statusBadge } from './common.js';

/** Titles of the needs and pledges a list of matches refers to, fetched once each. */
export async function titlesFor(matches) {
  const ids = [...new Set(matches.flatMap((m) => [`/api/v1/needs/${encodeURIComponent(m.needId)}`, `/api/v1/pledges/${encodeURIComponent(m.pledgeId)}`]))];
  const entries = await Promise.all(ids.map(async (path) => {
    try {
      const item = await get(path);
      return [item.id, item.title];
    } catch {
      return [path, null];
    }
  }));
  const titles = new Map(entries);
  return (id) => titles.get(id) ?? id;
}

export function matchHeading(match) {
  return t('match.heading', {
    donor: label('donors', match.donor),
    country: label('countries', match.country),
    amount: money(match.amount),
  });
}

export function matchDetails(match, titleOf) {
  return [
    facts([
      [t('match.need'), titleOf(match.needId)],
      [t('match.pledge'), titleOf(match.pledgeId)],
      [t('need.sector'), label('sectors', match.sector)],
      [t('match.instrument'), label('instruments', match.instrument)],
      [t('match.amount'), money(match.amount)],
      [t('match.needAmount'), money(match.needAmount)],
      [t('match.fxRate'), t('match.fxRateValue', {
        rate: number(match.fxRate, { maximumFractionDigits: 10 }), need: match.needAmount.currency, pledge: match.amount.currency,
      })],
      [t('match.score'), number(match.score, { maximumFractionDigits: 2 })],
      [t('match.proposedAt'), dateTime(match.proposedAt)],
      [t('match.decided'), match.decidedAt ? `${dateTime(match.decidedAt)} · ${match.decidedBy ?? ''}` : null],
      [t('match.reason'), match.reason],
    ]),
    h('div', { class: 'reasons' },
      h('h4', {}, t('match.reasons')),
      h('ul', {}, reasonTexts(match).map((reason) => h('li', {}, reason)))),
  ];
}

/**
 * The reasons in the reader's language, rendered from reasonCodes (docs/api.md "Reason codes"); a code this
 * app does not know, or a note kept from before reasons had codes, shows the API's English text.
 */
export function reasonTexts(match) {
  const codes = match.reasonCodes ?? [];
  if (codes.length === 0) return match.reasons ?? [];
  return codes.map((reason, i) => {
    const fallback = match.reasons?.[i] ?? reason.params?.text ?? reason.code;
    const key = `reason.${reason.code}`;
    const text = t(key, reasonVars(reason.params ?? {}));
    return text === key ? fallback : text;
  });
}

function reasonVars(p) {
  const dated = (value) => (value ? date(value) : '…');
  return {
    ...p,
    country: p.country && label('countries', p.country),
    sector: p.sector && label('sectors', p.sector),
    instrument: p.instrument && label('instruments', p.instrument),
    priority: p.priority && label('priorities', p.priority),
    percent: p.percent && number(p.percent, { maximumFractionDigits: 2 }),
    amount: p.amount && money({ amount: p.amount, currency: p.currency }),
    requested: p.requested && money({ amount: p.requested, currency: p.currency }),
    rate: p.rate && number(p.rate, { maximumFractionDigits: 10 }),
    pledgeUsdPerUnit: p.pledgeUsdPerUnit && number(p.pledgeUsdPerUnit, { maximumFractionDigits: 12 }),
    needUsdPerUnit: p.needUsdPerUnit && number(p.needUsdPerUnit, { maximumFractionDigits: 12 }),
    pledgeAsOf: p.pledgeAsOf && date(p.pledgeAsOf),
    needAsOf: p.needAsOf && date(p.needAsOf),
    needStart: dated(p.needStart),
    needEnd: dated(p.needEnd),
    pledgeFrom: dated(p.pledgeFrom),
    pledgeUntil: dated(p.pledgeUntil),
  };
}

/** A read-only card for a match (the donor's view). */
export function matchCard(match, titleOf) {
  const titleId = `match-${match.id}`;
  return h('article', { class: 'card match', 'aria-labelledby': titleId },
    h('header', { class: 'card-header' }, h('h3', { id: titleId }, matchHeading(match)), statusBadge('matchStatuses', match.status)),
    matchDetails(match, titleOf),
    h('div', { class: 'card-actions' }, auditLink(match.id, matchHeading(match))));
}
