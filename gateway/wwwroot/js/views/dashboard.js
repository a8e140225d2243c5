// Everyone: requested, proposed and approved funding in USD, by country and by sector.
import { get } from '../api.js';
import { groupedBarChart } from '../charts.js';
import { h, setContent } from '../dom.js';
import { percent, t, usd } from '../i18n.js';
import { ratio } from '../decimal.js';
import { label, loadReference } from '../reference.js';
import { pageHeader, refreshButton, showLoading } from './common.js';

export async function renderDashboard(main, ctx) {
  showLoading(main, t('dashboard.title'));
  const [summary] = await Promise.all([get('/api/v1/summary'), loadReference()]);
  if (!ctx.isCurrent()) return;
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
    })));
}
