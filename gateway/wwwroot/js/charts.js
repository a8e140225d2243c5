// Charts drawn as SVG by hand. Every chart is an image with a text name and comes with a data table,
// so what it shows is available to screen readers and keyboard users as text.
import { h, svg, uid } from './dom.js';
import { compactUsd, percent, t, usd, money } from './i18n.js';
import { fromCents, ratio } from './decimal.js';

export const SERIES = [
  { key: 'requestedUsd', className: 'series-requested', label: () => t('coverage.requested') },
  { key: 'proposedUsd', className: 'series-proposed', label: () => t('coverage.proposed') },
  { key: 'approvedUsd', className: 'series-approved', label: () => t('coverage.approved') },
  { key: 'committedUsd', className: 'series-committed', label: () => t('coverage.committed') },
  { key: 'disbursedUsd', className: 'series-disbursed', label: () => t('coverage.disbursed') },
];

function niceMax(value) {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= value) ?? 10;
  return step * magnitude;
}

function legend(seriesList = SERIES) {
  return h('ul', { class: 'legend' }, seriesList.map((series) =>
    h('li', {}, h('span', { class: `swatch ${series.className}`, 'aria-hidden': 'true' }), series.label())));
}

/**
 * Horizontal grouped bars: one group per row (a country or a sector), one bar per series (the money trail
 * requested → proposed → approved → committed → disbursed), in USD.
 * rows: [{ label, requestedUsd, proposedUsd, approvedUsd, committedUsd, disbursedUsd }]; `series` picks other
 * columns of the rows (default: the money trail).
 */
export function groupedBarChart({ title, rows, tableCaption, series: seriesList = SERIES }) {
  const titleId = uid('chart-title');
  const labelWidth = 190;
  const plotWidth = 520;
  const barHeight = 9;
  const rowHeight = seriesList.length * (barHeight + 2) + 14;
  const top = 8;
  const axisHeight = 22;
  const height = top + rows.length * rowHeight + axisHeight;
  const width = labelWidth + plotWidth + 48;
  const max = niceMax(Math.max(0, ...rows.flatMap((row) => seriesList.map((series) => Number(row[series.key])))));
  const x = (value) => labelWidth + (Number(value) / max) * plotWidth;

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => fraction * max);
  const grid = ticks.map((tick) => svg('g', { class: 'tick' },
    svg('line', { x1: x(tick), x2: x(tick), y1: top - 4, y2: top + rows.length * rowHeight, class: 'grid-line' }),
    svg('text', { x: x(tick), y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, compactUsd(tick))));

  const groups = rows.map((row, index) => {
    const y = top + index * rowHeight;
    return svg('g', { class: 'bar-group' },
      svg('text', { x: labelWidth - 8, y: y + rowHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'category-label' }, row.label),
      seriesList.map((series, s) => {
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
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('chart.category')), seriesList.map((series) => h('th', { scope: 'col', class: 'num' }, series.label())),
      h('th', { scope: 'col', class: 'num' }, t('coverage.approvedShare')))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('th', { scope: 'row' }, row.label),
      seriesList.map((series) => h('td', { class: 'num' }, usd(row[series.key]))),
      h('td', { class: 'num' }, percent(ratio(row.approvedUsd, row.requestedUsd)))))));

  return h('figure', { class: 'chart-figure' },
    h('figcaption', {}, h('h3', {}, title)),
    legend(seriesList),
    h('div', { class: 'chart-scroll', tabindex: '0', role: 'region', 'aria-label': title }, chart),
    h('details', { class: 'chart-table' }, h('summary', {}, t('chart.showTable')), table));
}

/** Nodes of one side of the flow diagram: a key's label and total, largest first. */
function sideNodes(links, keyOf, labelOf) {
  const nodes = new Map();
  for (const link of links) {
    const node = nodes.get(keyOf(link)) ?? { key: keyOf(link), label: labelOf(link), cents: 0n };
    node.cents += link.approvedCents;
    nodes.set(node.key, node);
  }
  return [...nodes.values()].sort((a, b) => (a.cents === b.cents ? a.label.localeCompare(b.label) : a.cents < b.cents ? 1 : -1));
}

/**
 * Donor → country flow diagram: donors on the left, countries on the right, one band per (donor, country)
 * as wide as its approved USD (what a cancellation released is not counted), with the data table
 * (approved, committed, disbursed) as its text alternative.
 * links: [{ donor, donorLabel, country, countryLabel, approvedCents, committedCents, disbursedCents }] (BigInt cents).
 */
export function flowDiagram({ title, description, links }) {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const donors = sideNodes(links, (l) => l.donor, (l) => l.donorLabel);
  const countries = sideNodes(links, (l) => l.country, (l) => l.countryLabel);
  const total = Number(donors.reduce((sum, node) => sum + node.cents, 0n));
  const gap = 10;
  const top = 8;
  const plotHeight = Math.max(160, Math.max(donors.length, countries.length) * 34);
  const width = 820;
  const [leftX, rightX, nodeWidth] = [250, 560, 12];
  const scale = (plotHeight - gap * (Math.max(donors.length, countries.length) - 1)) / (total || 1);
  const thickness = (cents) => Math.max(1.5, Number(cents) * scale);

  const place = (nodes) => {
    let y = top;
    for (const node of nodes) {
      node.y = y;
      node.height = thickness(node.cents);
      node.next = y;
      y += node.height + gap;
    }
    return y;
  };
  const height = Math.max(place(donors), place(countries)) + top;
  const donorOf = new Map(donors.map((node) => [node.key, node]));
  const countryOf = new Map(countries.map((node) => [node.key, node]));
  const rank = (nodes) => new Map(nodes.map((node, i) => [node.key, i]));
  const [donorRank, countryRank] = [rank(donors), rank(countries)];
  const ordered = [...links].sort((a, b) => donorRank.get(a.donor) - donorRank.get(b.donor) || countryRank.get(a.country) - countryRank.get(b.country));
  const bandTops = new Map();
  for (const link of ordered) {
    const source = donorOf.get(link.donor);
    bandTops.set(link, { from: source.next });
    source.next += thickness(link.approvedCents);
  }
  for (const link of [...links].sort((a, b) => countryRank.get(a.country) - countryRank.get(b.country) || donorRank.get(a.donor) - donorRank.get(b.donor))) {
    const target = countryOf.get(link.country);
    bandTops.get(link).to = target.next;
    target.next += thickness(link.approvedCents);
  }

  const x0 = leftX + nodeWidth;
  const x1 = rightX;
  const xm = (x0 + x1) / 2;
  const bands = ordered.map((link) => {
    const { from, to } = bandTops.get(link);
    const w = thickness(link.approvedCents);
    const d = `M${x0} ${from} C${xm} ${from} ${xm} ${to} ${x1} ${to} L${x1} ${to + w} C${xm} ${to + w} ${xm} ${from + w} ${x0} ${from + w} Z`;
    return svg('path', { d, class: 'flow-band' }, svg('title', {},
      `${link.donorLabel} → ${link.countryLabel}: ${t('coverage.approved')} ${usd(fromCents(link.approvedCents))}, `
      + `${t('coverage.committed')} ${usd(fromCents(link.committedCents))}, ${t('coverage.disbursed')} ${usd(fromCents(link.disbursedCents))}`));
  });
  const nodeText = (node) => `${node.label} · ${compactUsd(fromCents(node.cents))}`;
  const donorNodes = donors.map((node) => svg('g', { class: 'flow-node' },
    svg('rect', { x: leftX, y: node.y, width: nodeWidth, height: node.height, class: 'flow-node-donor' }),
    svg('text', { x: leftX - 6, y: node.y + node.height / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'category-label' }, nodeText(node))));
  const countryNodes = countries.map((node) => svg('g', { class: 'flow-node' },
    svg('rect', { x: rightX, y: node.y, width: nodeWidth, height: node.height, class: 'flow-node-country' }),
    svg('text', { x: rightX + nodeWidth + 6, y: node.y + node.height / 2, 'dominant-baseline': 'middle', class: 'category-label' }, nodeText(node))));

  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': descId, class: 'chart flow-diagram', preserveAspectRatio: 'xMinYMin meet',
  }, svg('title', { id: titleId }, title), svg('desc', { id: descId }, `${description} ${t('chart.seeTable')}`), bands, donorNodes, countryNodes);

  const cell = (cents) => h('td', { class: 'num' }, usd(fromCents(cents)));
  const table = h('table', { class: 'data-table flow-table' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('dashboard.flowDonor')), h('th', { scope: 'col' }, t('dashboard.flowCountry')),
      ['coverage.approved', 'coverage.committed', 'coverage.disbursed'].map((key) => h('th', { scope: 'col', class: 'num' }, t(key))))),
    h('tbody', {}, ordered.map((link) => h('tr', { 'data-flow': `${link.donor}-${link.country}` },
      h('th', { scope: 'row' }, link.donorLabel), h('td', {}, link.countryLabel),
      cell(link.approvedCents), cell(link.committedCents), cell(link.disbursedCents)))));

  return h('figure', { class: 'chart-figure' },
    h('figcaption', {}, h('h3', {}, title), h('p', { class: 'hint' }, description)),
    h('div', { class: 'chart-scroll', tabindex: '0', role: 'region', 'aria-label': title }, chart),
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
