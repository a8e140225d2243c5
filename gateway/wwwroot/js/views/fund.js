// Everyone: the MIRPS Fund — its pool, what it proposed and approved, what is available, and the needs referred
// to it by country and by sector (a chart with its data table).
import { get, getAll } from '../api.js';
import { groupedBarChart } from '../charts.js';
import { h, setContent } from '../dom.js';
import { money, number, t, usd } from '../i18n.js';
import { label, loadReference } from '../reference.js';
import { pageHeader, refreshButton, showLoading } from './common.js';
import { referForm } from './needs.js';

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

/** The secretariat may refer any open need: one row per need not referred yet, with its referral form. */
function referableNeeds(needs, ctx) {
  const open = needs.filter((need) => !need.referral);
  return h('section', { class: 'panel', 'aria-labelledby': 'fund-refer-title' },
    h('h2', { id: 'fund-refer-title' }, t('fund.referTitle')),
    open.length === 0 ? h('p', { class: 'hint' }, t('fund.referEmpty')) : h('ul', { class: 'refer-list' }, open.map((need) =>
      h('li', {}, h('strong', {}, need.title), ` · ${label('countries', need.country)} · ${label('sectors', need.sector)} · `,
        t('fund.remaining', { amount: money(need.remaining) }), referForm(need, ctx)))));
}

export async function renderFund(main, ctx) {
  showLoading(main, t('fund.title'));
  const secretariat = ctx.session.role === 'secretariat';
  const [fund, open, partly] = await Promise.all([get('/api/v1/fund'),
    secretariat ? getAll('/api/v1/needs', { status: 'open' }) : [], secretariat ? getAll('/api/v1/needs', { status: 'partially-funded' }) : [],
    loadReference()]);
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
    portfolioChart(t('fund.bySector'), fund.bySector, 'sectors', 'sector'),
    secretariat ? referableNeeds([...open, ...partly], ctx) : null);
}
