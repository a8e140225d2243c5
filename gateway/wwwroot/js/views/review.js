// Chair and secretariat: the review queue of proposed matches as a table sorted and filtered by the API
// (orderBy, filters, cursors), with a details panel per row (reasons, coverage before and after from the
// approval preview), single and bulk decisions whose outcome is shown on every row, and "run matching".
import { describeError, get, getAll, post, ApiError } from '../api.js';
import { h, setContent } from '../dom.js';
import { dateTime, money, number, t, usd } from '../i18n.js';
import { codes, label, loadReference } from '../reference.js';
import { announce, alertError } from '../status.js';
import { pageHeader, refreshAndFocus, refreshButton, showLoading } from './common.js';
import { openDialog } from './dialog.js';
import { matchDetails, matchHeading } from './match-details.js';
import { coverageTable, previewText, rejectReasonField } from './review-dialogs.js';

const PAGE_SIZE = 50;
const SORTS = { proposedAt: 'proposedAt', amount: 'amountUsd', score: 'score' };
const FILTERS = [['country', 'countries'], ['sector', 'sectors'], ['donor', 'donors'], ['instrument', 'instruments']];

const filters = { country: '', sector: '', donor: '', instrument: '' };
let orderBy = 'proposedAt';
let lastRun = null;

/** One loaded page set of the queue: the rows in API order, the cursor to the next page, selection and outcomes. */
const queue = { rows: [], next: null, selected: new Set(), outcomes: new Map(), open: null };

const isRecused = (session, m) => session.role === 'chair' && (m.country === session.org || m.donor === session.org);

/** The outcome of one decision request, as a row shows it. */
function outcomeOf(error, decision) {
  if (!error) return { kind: decision, text: t(`queue.outcome.${decision}`) };
  if (error instanceof ApiError && error.status === 409) return { kind: 'conflict', text: t('queue.outcome.conflict'), detail: error.problem.detail };
  if (error instanceof ApiError && error.status === 403) return { kind: 'forbidden', text: t('queue.outcome.forbidden'), detail: error.problem.detail };
  return { kind: 'failed', text: t('queue.outcome.failed'), detail: describeError(error) };
}

async function decide(match, decision, reason) {
  const path = `/api/v1/matches/${encodeURIComponent(match.id)}/${decision}`;
  try {
    await post(path, decision === 'reject' ? { reason } : undefined);
    return outcomeOf(null, decision === 'approve' ? 'approved' : 'rejected');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return outcomeOf(error);
  }
}

function sortHeader(key, text, num) {
  const apiKey = SORTS[key];
  const active = orderBy.replace(/^-/, '') === apiKey;
  const descending = active && orderBy.startsWith('-');
  const id = `sort-${key}`;
  return h('th', { scope: 'col', class: num ? 'num' : null, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : null },
    h('button', { type: 'button', class: 'sort-button', id, 'data-sort': apiKey },
      text, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (descending ? ' ▼' : ' ▲') : ' ↕')));
}

function filterSelect(name, list) {
  const id = `filter-${name}`;
  return h('div', { class: 'field' }, h('label', { for: id }, t(`queue.filter.${name}`)),
    h('select', { id, name, 'data-filter': name },
      h('option', { value: '' }, t('review.all')),
      codes(list).map((code) => h('option', { value: code, selected: filters[name] === code }, label(list, code)))));
}

function outcomeCell(match) {
  const outcome = queue.outcomes.get(match.id);
  if (!outcome) return h('td', { class: 'outcome' });
  return h('td', { class: `outcome outcome-${outcome.kind}` },
    h('span', { class: `badge outcome-badge outcome-${outcome.kind}` }, outcome.text),
    outcome.detail ? h('details', {}, h('summary', {}, t('queue.why')), h('p', { class: 'outcome-detail' }, outcome.detail)) : null);
}

function rowOf(match, ctx, titles) {
  const heading = matchHeading(match);
  const decided = ['approved', 'rejected'].includes(queue.outcomes.get(match.id)?.kind);
  const recused = isRecused(ctx.session, match);
  const panelId = `details-${match.id}`;
  const open = queue.open === match.id;
  return h('tr', { 'data-match': match.id, class: decided ? 'is-decided' : null },
    h('td', { class: 'select-cell' }, h('input', {
      type: 'checkbox', class: 'row-select', 'data-id': match.id, checked: queue.selected.has(match.id), disabled: decided,
      'aria-label': t('queue.selectRow', { heading: `${titles.need(match.needId)} · ${heading}` }),
    })),
    h('th', { scope: 'row', class: 'need-cell' }, titles.need(match.needId),
      recused ? h('span', { class: 'badge status-recused' }, t('review.recusedBadge')) : null),
    h('td', {}, label('countries', match.country)),
    h('td', {}, label('sectors', match.sector)),
    h('td', {}, label('donors', match.donor)),
    h('td', {}, label('instruments', match.instrument)),
    h('td', { class: 'num' }, money(match.amount)),
    h('td', { class: 'num' }, number(match.score, { maximumFractionDigits: 2 })),
    h('td', { class: 'when' }, dateTime(match.proposedAt)),
    outcomeCell(match),
    h('td', {}, h('button', {
      type: 'button', class: 'button secondary small', 'data-details': match.id, 'aria-expanded': open ? 'true' : 'false', 'aria-controls': panelId,
      'aria-label': `${t('queue.details')}: ${titles.need(match.needId)} · ${heading}`,
    }, t('queue.details'))));
}

function detailsRow(match, ctx, titles) {
  const panelId = `details-${match.id}`;
  const coverage = h('div', { class: 'preview-slot' }, h('p', { class: 'loading' }, t('app.loading')));
  const decided = queue.outcomes.has(match.id);
  const recused = isRecused(ctx.session, match);
  const recusalId = `recusal-${match.id}`;
  const describedBy = recused ? recusalId : null;
  const approve = h('button', { type: 'button', class: 'button', 'data-action': 'approve-one', disabled: decided || recused, 'aria-describedby': describedBy }, t('review.approve'));
  const reject = h('button', { type: 'button', class: 'button danger', 'data-action': 'reject-one', disabled: decided || recused, 'aria-describedby': describedBy }, t('review.reject'));
  approve.addEventListener('click', () => approveWithPreview(match, ctx, titles));
  reject.addEventListener('click', () => bulkReject([match], ctx, titles));
  const panel = h('section', { class: 'details-panel', id: panelId, 'aria-label': t('queue.detailsOf', { heading: titles.need(match.needId) }) },
    h('div', { class: 'details-grid' },
      h('div', {}, matchDetails(match, (id) => (id === match.needId ? titles.need(id) : titles.pledge(id)))),
      h('div', {}, h('h3', {}, t('queue.coverage')), coverage)),
    recused ? h('p', { class: 'recusal', id: recusalId }, t('review.recused')) : null,
    h('div', { class: 'card-actions' }, approve, reject));
  if (!decided) {
    get(`/api/v1/matches/${encodeURIComponent(match.id)}/preview`).then(
      (preview) => coverage.replaceChildren(coverageTable(match, preview, titles)),
      (error) => coverage.replaceChildren(h('p', { class: 'hint' }, error instanceof ApiError && error.status === 403
        ? t('queue.previewForbidden') : describeError(error))));
  } else {
    coverage.replaceChildren(h('p', { class: 'hint' }, queue.outcomes.get(match.id).text));
  }
  return h('tr', { class: 'details-row', 'data-details-of': match.id }, h('td', { colspan: 11 }, panel));
}

async function approveWithPreview(match, ctx, titles) {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('app.loading')));
  const confirm = h('button', { type: 'button', class: 'button', disabled: true, 'data-action': 'confirm-approve' }, t('queue.confirmApprove'));
  const { close } = openDialog({ title: t('queue.approveTitle', { heading: `${titles.need(match.needId)} · ${matchHeading(match)}` }), content: body, actions: [confirm] });
  try {
    const preview = await get(`/api/v1/matches/${encodeURIComponent(match.id)}/preview`);
    body.replaceChildren(previewText(match, preview, titles, queue.rows), coverageTable(match, preview, titles));
    confirm.disabled = false;
  } catch (error) {
    body.replaceChildren(h('p', { class: 'field-error' }, describeError(error)));
  }
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    const outcome = await decide(match, 'approve');
    queue.outcomes.set(match.id, outcome);
    queue.selected.delete(match.id);
    close();
    showResults([match], ctx, titles);
  });
}

function bulkReject(matches, ctx, titles) {
  const { field, read, input } = rejectReasonField();
  const confirm = h('button', { type: 'button', class: 'button danger', 'data-action': 'confirm-reject' }, t('review.confirmReject'));
  const { close } = openDialog({
    title: matches.length === 1 ? t('queue.rejectOneTitle', { heading: titles.need(matches[0].needId) }) : t('queue.rejectManyTitle', { count: number(matches.length) }),
    content: [h('p', {}, t('queue.rejectLead', { count: number(matches.length) })), field],
    actions: [confirm],
    initialFocus: input,
  });
  confirm.addEventListener('click', async () => {
    const reason = read();
    if (reason === null) return;
    confirm.disabled = true;
    for (const match of matches) {
      queue.outcomes.set(match.id, await decide(match, 'reject', reason));
      queue.selected.delete(match.id);
    }
    close();
    showResults(matches, ctx, titles);
  });
}

function bulkApprove(matches, ctx, titles) {
  const confirm = h('button', { type: 'button', class: 'button', 'data-action': 'confirm-bulk-approve' }, t('queue.confirmApproveMany', { count: number(matches.length) }));
  const { close } = openDialog({
    title: t('queue.approveManyTitle', { count: number(matches.length) }),
    content: [
      h('p', {}, t('queue.approveManyLead')),
      h('ul', { class: 'bulk-list' }, matches.map((m) => h('li', {}, `${titles.need(m.needId)} · ${matchHeading(m)}`))),
    ],
    actions: [confirm],
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    // One at a time: each approval changes what the next may take from a shared pledge or need.
    for (const match of matches) {
      queue.outcomes.set(match.id, await decide(match, 'approve'));
      queue.selected.delete(match.id);
    }
    close();
    showResults(matches, ctx, titles);
  });
}

/** Redraws the table with every row's outcome, announces the tally and focuses the summary. */
function showResults(matches, ctx, titles) {
  const tally = {};
  for (const m of matches) {
    const kind = queue.outcomes.get(m.id)?.kind ?? 'failed';
    tally[kind] = (tally[kind] ?? 0) + 1;
  }
  const parts = Object.entries(tally).map(([kind, count]) => `${t(`queue.outcome.${kind}`)}: ${number(count)}`);
  const text = t('queue.resultSummary', { count: number(matches.length), parts: parts.join(' · ') });
  drawQueue(ctx, titles);
  const summary = document.getElementById('queue-result');
  summary.textContent = text;
  summary.hidden = false;
  announce(text);
  summary.focus();
}

let drawQueue = () => {};

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

  drawQueue = (context, names) => drawTable(tableHost, context, names);
  drawQueue(ctx, titles);

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
      drawQueue(ctx, titles);
      const button = tableHost.querySelector(`[data-details="${CSS.escape(id)}"]`);
      button?.focus();
      return;
    }
    const action = event.target.closest('[data-bulk]');
    if (action) {
      const chosen = queue.rows.filter((m) => queue.selected.has(m.id));
      if (chosen.length === 0) return;
      if (action.dataset.bulk === 'approve') bulkApprove(chosen, ctx, titles);
      else bulkReject(chosen, ctx, titles);
      return;
    }
    if (event.target.closest('[data-action="more"]')) {
      const button = event.target.closest('[data-action="more"]');
      button.disabled = true;
      try {
        const page = await loadPage(queue.next);
        queue.rows.push(...page.items);
        queue.next = page.next;
        drawQueue(ctx, titles);
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
    updateSelection(tableHost);
  });
}

function updateSelection(host) {
  const count = queue.selected.size;
  host.querySelector('#selection-count').textContent = t('queue.selected', { count: number(count) });
  for (const button of host.querySelectorAll('[data-bulk]')) button.disabled = count === 0;
  const all = host.querySelector('#select-all');
  const selectable = queue.rows.filter((m) => !queue.outcomes.has(m.id));
  all.checked = selectable.length > 0 && selectable.every((m) => queue.selected.has(m.id));
  all.indeterminate = count > 0 && !all.checked;
}

function drawTable(host, ctx, titles) {
  const rows = queue.rows;
  const count = rows.length;
  const more = queue.next !== null;
  const header = h('tr', {},
    h('th', { scope: 'col', class: 'select-cell' }, h('input', { type: 'checkbox', id: 'select-all', 'aria-label': t('queue.selectAll') })),
    h('th', { scope: 'col' }, t('match.need')),
    h('th', { scope: 'col' }, t('queue.filter.country')),
    h('th', { scope: 'col' }, t('queue.filter.sector')),
    h('th', { scope: 'col' }, t('queue.filter.donor')),
    h('th', { scope: 'col' }, t('queue.filter.instrument')),
    sortHeader('amount', t('queue.amount'), true),
    sortHeader('score', t('match.score'), true),
    sortHeader('proposedAt', t('match.proposedAt'), false),
    h('th', { scope: 'col' }, t('queue.outcome')),
    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('queue.details'))));
  const body = h('tbody', {}, rows.flatMap((m) => [rowOf(m, ctx, titles), queue.open === m.id ? detailsRow(m, ctx, titles) : null]));
  host.replaceChildren(
    h('p', { class: 'count', id: 'queue-count', tabindex: '-1' },
      more ? t('queue.countMore', { count: number(count) }) : t(count === 1 ? 'review.countOne' : 'review.count', { count: number(count) })),
    h('p', { id: 'queue-result', class: 'queue-result', tabindex: '-1', hidden: true }),
    h('div', { class: 'bulk-bar', role: 'group', 'aria-label': t('queue.bulk') },
      h('span', { id: 'selection-count', class: 'selection-count' }),
      h('button', { type: 'button', class: 'button', 'data-bulk': 'approve' }, t('queue.approveSelected')),
      h('button', { type: 'button', class: 'button danger', 'data-bulk': 'reject' }, t('queue.rejectSelected'))),
    count === 0 ? h('p', { class: 'empty' }, t('review.empty')) : h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': 'queue-caption' },
      h('table', { class: 'data-table queue-table' },
        h('caption', { id: 'queue-caption' }, t('queue.caption')),
        h('thead', {}, header), body)),
    more ? h('p', {}, h('button', { type: 'button', class: 'button secondary', 'data-action': 'more' }, t('queue.more'))) : null);
  updateSelection(host);
}
