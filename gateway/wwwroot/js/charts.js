// Charts drawn as SVG by hand. Every chart is an image with a text name and comes with a data table,
// so what it shows is available to screen readers and keyboard users as text.
import { h, svg, uid } from './dom.js';
import { compactUsd, percent, t, usd, money } from './i18n.js';
import { ratio } from './decimal.js';

export const SERIES = [
  { key: 'requestedUsd', className: 'series-requested', label: () => t('coverage.requested') },
  { key: 'proposedUsd', className: 'series-proposed', label: () => t('coverage.proposed') },
  { key: 'approvedUsd', className: 'series-approved', label: () => t('coverage.approved') },
];

function niceMax(value) {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= value) ?? 10;
  return step * magnitude;
}

function legend() {
  return h('ul', { class: 'legend' }, SERIES.map((series) =>
    h('li', {}, h('span', { class: `swatch ${series.className}`, 'aria-hidden': 'true' }), series.label())));
}

/**
 * Horizontal grouped bars: one group per row (a country or a sector), one bar per series, in USD.
 * rows: [{ label, requestedUsd, proposedUsd, approvedUsd }].
 */
export function groupedBarChart({ title, rows, tableCaption }) {
  const titleId = uid('chart-title');
  const labelWidth = 190;
  const plotWidth = 520;
  const barHeight = 9;
  const rowHeight = SERIES.length * (barHeight + 2) + 14;
  const top = 8;
  const axisHeight = 22;
  const height = top + rows.length * rowHeight + axisHeight;
  const width = labelWidth + plotWidth + 48;
  const max = niceMax(Math.max(0, ...rows.flatMap((row) => SERIES.map((series) => Number(row[series.key])))));
  const x = (value) => labelWidth + (Number(value) / max) * plotWidth;

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => fraction * max);
  const grid = ticks.map((tick) => svg('g', { class: 'tick' },
    svg('line', { x1: x(tick), x2: x(tick), y1: top - 4, y2: top + rows.length * rowHeight, class: 'grid-line' }),
    svg('text', { x: x(tick), y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, compactUsd(tick))));

  const groups = rows.map((row, index) => {
    const y = top + index * rowHeight;
    return svg('g', { class: 'bar-group' },
      svg('text', { x: labelWidth - 8, y: y + rowHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'category-label' }, row.label),
      SERIES.map((series, s) => {
        const value = row[series.key];
        return svg('rect', {
          x: labelWidth, y: y + 4 + s * (barHeight + 2), height: barHeight,
          width: Math.max(Number(value) > 0 ? 1 : 0, x(value) - labelWidth), class: series.className,
        }, svg('title', {}, `${row.label} — ${series.label()}: ${usd(value)}`));
      }));
  });

  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, class: 'chart', preserveAspectRatio: 'xMinYMin meet',
  }, svg('title', { id: titleId }, `${title}. ${t('chart.seeTable')}`), grid, groups);

  const table = h('table', { class: 'data-table' },
    h('caption', {}, tableCaption ?? title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('chart.category')), SERIES.map((series) => h('th', { scope: 'col', class: 'num' }, series.label())),
      h('th', { scope: 'col', class: 'num' }, t('coverage.approvedShare')))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('th', { scope: 'row' }, row.label),
      SERIES.map((series) => h('td', { class: 'num' }, usd(row[series.key]))),
      h('td', { class: 'num' }, percent(ratio(row.approvedUsd, row.requestedUsd)))))));

  return h('figure', { class: 'chart-figure' },
    h('figcaption', {}, h('h3', {}, title)),
    legend(),
    h('div', { class: 'chart-scroll' }, chart),
    h('details', { class: 'chart-table' }, h('summary', {}, t('chart.showTable')), table));
}

/** One stacked bar for one need or pledge: approved, then proposed, against the requested total. */
export function coverageBar({ requested, proposed, approved, currency, name }) {
  const width = 300;
  const approvedWidth = ratio(approved, requested) * width;
  const proposedWidth = Math.min(width - approvedWidth, ratio(proposed, requested) * width);
  const text = t('coverage.summary', {
    approved: money({ amount: approved, currency }),
    proposed: money({ amount: proposed, currency }),
    requested: money({ amount: requested, currency }),
  });
  return h('div', { class: 'coverage' },
    svg('svg', { viewBox: `0 0 ${width} 14`, class: 'coverage-bar', role: 'img', 'aria-label': `${name}: ${text}`, preserveAspectRatio: 'none' },
      svg('rect', { x: 0, y: 0, width, height: 14, class: 'coverage-track' }),
      svg('rect', { x: 0, y: 0, width: approvedWidth, height: 14, class: 'series-approved' }),
      svg('rect', { x: approvedWidth, y: 0, width: proposedWidth, height: 14, class: 'series-proposed' })),
    h('dl', { class: 'coverage-figures' },
      h('div', {}, h('dt', {}, h('span', { class: 'swatch series-requested', 'aria-hidden': 'true' }), t('coverage.requested')), h('dd', {}, money({ amount: requested, currency }))),
      h('div', {}, h('dt', {}, h('span', { class: 'swatch series-proposed', 'aria-hidden': 'true' }), t('coverage.proposed')), h('dd', {}, money({ amount: proposed, currency }))),
      h('div', {}, h('dt', {}, h('span', { class: 'swatch series-approved', 'aria-hidden': 'true' }), t('coverage.approved')), h('dd', {}, money({ amount: approved, currency })))));
}
