// Everyone: the money trail in USD (requested → proposed → approved → committed → disbursed) by country and
// by sector, and the donor → country flow diagram of the approved allocations.
import { get, getAll } from '../api.js';
import { flowDiagram, groupedBarChart } from '../charts.js';
import { h, setContent } from '../dom.js';
import { percent, t, usd } from '../i18n.js';
import { ratio, usdAccumulator } from '../decimal.js';
import { label, loadReference } from '../reference.js';
import { pageHeader, refreshButton, showLoading } from './common.js';

/**
 * USD per (donor, country) from every flow, converted exactly at the FX table (each sum rounded once,
 * half-even to cents). A cancelled flow counts only what was disbursed: the rest went back to the pledge.
 */
function donorCountryLinks(flows, rates) {
  const usdPerUnit = new Map(rates.map((rate) => [rate.currency, rate.usdPerUnit]));
  const pairs = new Map();
  for (const flow of flows) {
    const rate = usdPerUnit.get(flow.approved.currency);
    if (rate === undefined) continue;
    const key = `${flow.donor}\u0000${flow.country}`;
    const pair = pairs.get(key) ?? { donor: flow.donor, country: flow.country, approved: usdAccumulator(), committed: usdAccumulator(), disbursed: usdAccumulator() };
    const cancelled = flow.status === 'cancelled';
    pair.approved.add(cancelled ? flow.disbursed.amount : flow.approved.amount, rate);
    pair.committed.add(cancelled ? flow.disbursed.amount : flow.committed.amount, rate);
    pair.disbursed.add(flow.disbursed.amount, rate);
    pairs.set(key, pair);
  }
  return [...pairs.values()]
    .map((pair) => ({
      donor: pair.donor, donorLabel: label('donors', pair.donor), country: pair.country, countryLabel: label('countries', pair.country),
      approvedCents: pair.approved.cents(), committedCents: pair.committed.cents(), disbursedCents: pair.disbursed.cents(),
    }))
    .filter((link) => link.approvedCents > 0n);
}

export async function renderDashboard(main, ctx) {
  showLoading(main, t('dashboard.title'));
  const [summary, flows, fx] = await Promise.all([get('/api/v1/summary'), getAll('/api/v1/flows'), get('/api/v1/fx-rates'), loadReference()]);
  if (!ctx.isCurrent()) return;
  const links = donorCountryLinks(flows, fx.items);
  const totals = summary.totals;
  const cards = [
    ['coverage.requested', totals.requestedUsd, 'series-requested'],
    ['coverage.proposed', totals.proposedUsd, 'series-proposed'],
    ['coverage.approved', totals.approvedUsd, 'series-approved'],
    ['coverage.gap', totals.gapUsd, 'series-gap'],
    ['coverage.committed', totals.committedUsd, 'series-committed'],
    ['coverage.disbursed', totals.disbursedUsd, 'series-disbursed'],
  ];
  setContent(main, 
    pageHeader(t('dashboard.title'), refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, t('dashboard.lead')),
    h('section', { class: 'totals', 'aria-labelledby': 'totals-title' },
      h('h2', { id: 'totals-title', class: 'visually-hidden' }, t('dashboard.totals')),
      h('dl', { class: 'total-cards' }, cards.map(([key, amount, className]) =>
        h('div', { class: `total-card ${className}`, 'data-total': key.split('.')[1] },
          h('dt', {}, t(key)), h('dd', {}, usd(amount))))),
      h('p', { class: 'hint' }, t('dashboard.approvedShare', { share: percent(ratio(totals.approvedUsd, totals.requestedUsd)) }))),
    h('section', { class: 'panel' }, groupedBarChart({
      title: t('dashboard.byCountry'),
      rows: summary.byCountry.map((row) => ({ ...row, label: label('countries', row.country) })),
    })),
    h('section', { class: 'panel' }, groupedBarChart({
      title: t('dashboard.bySector'),
      rows: summary.bySector.map((row) => ({ ...row, label: label('sectors', row.sector) })),
    })),
    h('section', { class: 'panel' }, links.length > 0
      ? flowDiagram({ title: t('dashboard.flows'), description: t('dashboard.flowsDesc'), links })
      : [h('h3', {}, t('dashboard.flows')), h('p', { class: 'hint' }, t('dashboard.flowsEmpty'))]));
}
