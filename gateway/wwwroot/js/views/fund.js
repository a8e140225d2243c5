// Everyone: the MIRPS Fund — its pool, what it proposed and approved, what is available, and the needs referred
// to it by country and by sector (a chart with its data table).
import { get } from '../api.js';
import { groupedBarChart } from '../charts.js';
import { h, setContent } from '../dom.js';
import { number, t, usd } from '../i18n.js';
import { label, loadReference } from '../reference.js';
import { pageHeader, refreshButton, showLoading } from './common.js';

const FUND_SERIES = [
  { key: 'requestedUsd', className: 'series-requested', label: () => t('fund.requested') },
  { key: 'proposedUsd', className: 'series-proposed', label: () => t('fund.proposed') },
  { key: 'approvedUsd', className: 'series-approved', label: () => t('fund.approved') },
];

const inPortfolio = (row) => row.referredNeeds > 0 || Number(row.proposedUsd) > 0 || Number(row.approvedUsd) > 0;

function portfolioChart(title, rows, list, key) {
  const shown = rows.filter(inPortfolio).map((row) => ({
    ...row, label: t('fund.rowLabel', { name: label(list, row[key]), count: number(row.referredNeeds) }),
  }));
  return h('section', { class: 'panel' }, shown.length > 0
    ? groupedBarChart({ title, rows: shown, series: FUND_SERIES })
    : [h('h3', {}, title), h('p', { class: 'hint' }, t('fund.empty'))]);
}

export async function renderFund(main, ctx) {
  showLoading(main, t('fund.title'));
  const [fund] = await Promise.all([get('/api/v1/fund'), loadReference()]);
  if (!ctx.isCurrent()) return;
  const cards = [
    ['fund.pool', usd(fund.poolUsd), 'series-disbursed'],
    ['fund.proposed', usd(fund.proposedUsd), 'series-proposed'],
    ['fund.approved', usd(fund.approvedUsd), 'series-approved'],
    ['fund.available', usd(fund.availableUsd), 'series-committed'],
    ['fund.referredNeeds', number(fund.referredNeeds), 'series-gap'],
  ];
  setContent(main,
    pageHeader(t('fund.title'), refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, t('fund.lead')),
    h('section', { class: 'totals', 'aria-labelledby': 'fund-totals-title' },
      h('h2', { id: 'fund-totals-title', class: 'visually-hidden' }, t('dashboard.totals')),
      h('dl', { class: 'total-cards' }, cards.map(([key, value, className]) =>
        h('div', { class: `total-card ${className}`, 'data-total': key.split('.')[1] },
          h('dt', {}, t(key)), h('dd', {}, value))))),
    portfolioChart(t('fund.byCountry'), fund.byCountry, 'countries', 'country'),
    portfolioChart(t('fund.bySector'), fund.bySector, 'sectors', 'sector'));
}
