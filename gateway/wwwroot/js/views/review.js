// Chair and secretariat: the review queue of proposed matches as a table sorted and filtered by the API
// (orderBy, filters, cursors), with a details panel per row (reasons, coverage before and after from the
// approval preview), single and bulk decisions whose outcome is shown on every row, and "run matching".
import { describeError, get, getAll, post } from '../api.js';
import { h, setContent } from '../dom.js';
import { dateTime, number, t, usd } from '../i18n.js';
import { codes, label, loadReference } from '../reference.js';
import { announce, alertError } from '../status.js';
import { pageHeader, refreshAndFocus, refreshButton, showLoading } from './common.js';
import { approveWithPreview, bulkApprove, bulkReject } from './review-decisions.js';
import { drawTable, updateSelection } from './review-table.js';

const PAGE_SIZE = 50;
const FILTERS = [['country', 'countries'], ['sector', 'sectors'], ['donor', 'donors'], ['instrument', 'instruments']];

const filters = { country: '', sector: '', donor: '', instrument: '' };
let orderBy = 'proposedAt';
let lastRun = null;

/** The loaded queue: the rows in API order, the cursor to the next page, the selection, each row's outcome, the open row. */
const queue = { rows: [], next: null, selected: new Set(), outcomes: new Map(), open: null };

function filterSelect(name, list) {
  const id = `filter-${name}`;
  return h('div', { class: 'field' }, h('label', { for: id }, t(`queue.filter.${name}`)),
    h('select', { id, name, 'data-filter': name },
      h('option', { value: '' }, t('review.all')),
      codes(list).map((code) => h('option', { value: code, selected: filters[name] === code }, label(list, code)))));
}

/** Redraws the table with every row's outcome, announces the tally and focuses the summary. */
function showResults(outcomes, view) {
  const tally = {};
  for (const [id, outcome] of outcomes) {
    queue.outcomes.set(id, outcome);
    queue.selected.delete(id);
    tally[outcome.kind] = (tally[outcome.kind] ?? 0) + 1;
  }
  const parts = Object.entries(tally).map(([kind, count]) => `${t(`queue.outcome.${kind}`)}: ${number(count)}`);
  const text = t('queue.resultSummary', { count: number(outcomes.size), parts: parts.join(' · ') });
  view.draw();
  const summary = document.getElementById('queue-result');
  summary.textContent = text;
  summary.hidden = false;
  announce(text);
  summary.focus();
}

async function loadTitles() {
  const [needs, pledges] = await Promise.all([getAll('/api/v1/needs'), getAll('/api/v1/pledges')]);
  const needTitles = new Map(needs.map((n) => [n.id, n]));
  const pledgeTitles = new Map(pledges.map((p) => [p.id, p]));
  return {
    need: (id) => needTitles.get(id)?.title ?? id,
    pledge: (id) => pledgeTitles.get(id)?.title ?? id,
    needOf: (id) => needTitles.get(id),
    pledgeOf: (id) => pledgeTitles.get(id),
  };
}

async function loadPage(pageToken) {
  const data = await get('/api/v1/matches', { status: 'proposed', ...filters, orderBy, pageSize: PAGE_SIZE, pageToken });
  return { items: data?.items ?? [], next: data?.nextPageToken ?? null };
}

function runSummary(run) {
  return h('section', { class: 'panel run-summary', 'aria-labelledby': 'run-title' },
    h('h2', { id: 'run-title', tabindex: '-1' }, t('review.runTitle')),
    h('p', {}, t('review.runResult', { count: number(run.proposals), usd: usd(run.proposedUsd), at: dateTime(run.completedAt) })),
    h('table', { class: 'data-table' },
      h('caption', {}, t('review.runCoverage')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('need.country')),
        ['coverage.requested', 'coverage.proposed', 'coverage.approved'].map((key) => h('th', { scope: 'col', class: 'num' }, t(key))))),
      h('tbody', {}, (run.coverage ?? []).map((row) => h('tr', {},
        h('th', { scope: 'row' }, label('countries', row.country)),
        h('td', { class: 'num' }, usd(row.requestedUsd)), h('td', { class: 'num' }, usd(row.proposedUsd)), h('td', { class: 'num' }, usd(row.approvedUsd)))))));
}

export async function renderReview(main, ctx) {
  const title = t('review.title');
  showLoading(main, title);
  await loadReference();
  const [first, titles] = await Promise.all([loadPage(), loadTitles()]);
  if (!ctx.isCurrent()) return;
  queue.rows = first.items;
  queue.next = first.next;
  queue.selected = new Set();
  queue.outcomes = new Map();
  if (!queue.rows.some((m) => m.id === queue.open)) queue.open = null;

  const runButton = h('button', { type: 'button', class: 'button' }, t('review.run'));
  runButton.addEventListener('click', async () => {
    runButton.disabled = true;
    try {
      lastRun = await post('/api/v1/matching/runs');
      announce(t('review.runDone', { count: number(lastRun.proposals) }));
      refreshAndFocus(ctx, 'run-title');
    } catch (error) {
      runButton.disabled = false;
      alertError(describeError(error));
    }
  });

  const filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': t('review.filters'), onsubmit: (e) => e.preventDefault() },
    FILTERS.map(([name, list]) => filterSelect(name, list)));
  filterForm.addEventListener('change', (event) => {
    const name = event.target.dataset.filter;
    if (!name) return;
    filters[name] = event.target.value;
    refreshAndFocus(ctx, `filter-${name}`);
  });

  const tableHost = h('div', { class: 'queue-host' });
  setContent(main,
    pageHeader(title, runButton, refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, ctx.session.role === 'chair' ? t('review.leadChair', { country: label('donors', ctx.session.org) }) : t('review.leadSecretariat')),
    lastRun ? runSummary(lastRun) : null,
    filterForm,
    tableHost);

  const view = {
    queue, orderBy, session: ctx.session, titles,
    onApprove: (match) => approveWithPreview(match, titles, queue.rows, (outcomes) => showResults(outcomes, view)),
    onReject: (matches) => bulkReject(matches, titles, (outcomes) => showResults(outcomes, view)),
    draw: () => drawTable(tableHost, view),
  };
  view.draw();

  tableHost.addEventListener('click', async (event) => {
    const sort = event.target.closest('[data-sort]');
    if (sort) {
      const key = sort.dataset.sort;
      const current = orderBy.replace(/^-/, '');
      orderBy = current === key ? (orderBy.startsWith('-') ? key : `-${key}`) : (key === 'proposedAt' ? key : `-${key}`);
      await refreshAndFocus(ctx, sort.id);
      return;
    }
    const details = event.target.closest('[data-details]');
    if (details) {
      const id = details.dataset.details;
      queue.open = queue.open === id ? null : id;
      view.draw();
      const button = tableHost.querySelector(`[data-details="${CSS.escape(id)}"]`);
      button?.focus();
      return;
    }
    const action = event.target.closest('[data-bulk]');
    if (action) {
      const chosen = queue.rows.filter((m) => queue.selected.has(m.id));
      if (chosen.length === 0) return;
      if (action.dataset.bulk === 'approve') bulkApprove(chosen, titles, (outcomes) => showResults(outcomes, view));
      else view.onReject(chosen);
      return;
    }
    if (event.target.closest('[data-action="more"]')) {
      const button = event.target.closest('[data-action="more"]');
      button.disabled = true;
      try {
        const page = await loadPage(queue.next);
        queue.rows.push(...page.items);
        queue.next = page.next;
        view.draw();
        announce(t('queue.loadedMore', { count: number(page.items.length), total: number(queue.rows.length) }));
        (tableHost.querySelector('[data-action="more"]') ?? tableHost.querySelector('#queue-count'))?.focus();
      } catch (error) {
        button.disabled = false;
        alertError(describeError(error));
      }
    }
  });
  tableHost.addEventListener('change', (event) => {
    const box = event.target;
    if (box.matches('.row-select')) {
      if (box.checked) queue.selected.add(box.dataset.id);
      else queue.selected.delete(box.dataset.id);
    } else if (box.matches('#select-all')) {
      for (const m of queue.rows) {
        if (box.checked && !queue.outcomes.has(m.id)) queue.selected.add(m.id);
        else queue.selected.delete(m.id);
      }
      for (const row of tableHost.querySelectorAll('.row-select:not(:disabled)')) row.checked = box.checked;
    } else {
      return;
    }
    updateSelection(tableHost, queue);
  });
}
