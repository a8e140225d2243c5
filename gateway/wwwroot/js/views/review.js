// Chair and secretariat: the review queue of proposed matches, with approve, reject (with a reason),
// recusals, filters and a "run matching" action.
import { describeError, getAll, post, ApiError } from '../api.js';
import { h, setContent } from '../dom.js';
import { dateTime, number, t, usd } from '../i18n.js';
import { codes, label, loadReference } from '../reference.js';
import { alertError, announce } from '../status.js';
import { pageHeader, refreshAndFocus, refreshButton, showLoading } from './common.js';
import { matchDetails, matchHeading, titlesFor } from './match-details.js';

const filters = { country: '', sector: '', donor: '' };
let lastRun = null;

const MAX_REASON = 1000;

function filterSelect(name, list, ctx) {
  const id = `filter-${name}`;
  const control = h('select', { id, name },
    h('option', { value: '' }, t('review.all')),
    codes(list).map((code) => h('option', { value: code, selected: filters[name] === code }, label(list, code))));
  control.addEventListener('change', () => {
    filters[name] = control.value;
    refreshAndFocus(ctx, id);
  });
  return h('div', { class: 'field' }, h('label', { for: id }, t(`review.filter.${name}`)), control);
}

function rejectForm(match, onDone, onCancel) {
  const id = `reject-${match.id}`;
  const errorId = `${id}-error`;
  const reason = h('textarea', { id, name: 'reason', rows: 3, maxlength: MAX_REASON, required: true, 'aria-describedby': `${id}-hint` });
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const submit = h('button', { type: 'submit', class: 'button danger' }, t('review.confirmReject'));
  const form = h('form', { class: 'reject-form', novalidate: true },
    h('div', { class: 'field', 'data-field': 'reason' },
      h('label', { for: id }, t('review.rejectReason')),
      h('p', { class: 'hint', id: `${id}-hint` }, t('review.rejectHint', { max: number(MAX_REASON) })),
      error, reason),
    h('div', { class: 'form-actions' }, submit, h('button', { type: 'button', class: 'button secondary', onclick: onCancel }, t('action.cancel'))));
  const showError = (message) => {
    error.textContent = message;
    error.hidden = false;
    reason.setAttribute('aria-invalid', 'true');
    reason.setAttribute('aria-describedby', `${id}-hint ${errorId}`);
    reason.focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (text.length < 1 || text.length > MAX_REASON) return showError(t('review.rejectInvalid', { max: number(MAX_REASON) }));
    submit.disabled = true;
    try {
      await post(`/api/v1/matches/${encodeURIComponent(match.id)}/reject`, { reason: text });
      onDone();
    } catch (failure) {
      submit.disabled = false;
      if (failure instanceof ApiError && failure.status === 400 && failure.fieldErrors.reason) showError(failure.fieldErrors.reason.join(' '));
      else showError(describeError(failure));
    }
  });
  return form;
}

function proposalCard(match, titleOf, ctx) {
  const { session } = ctx;
  const recused = session.role === 'chair' && (match.country === session.org || match.donor === session.org);
  const titleId = `proposal-${match.id}`;
  const recusalId = `recusal-${match.id}`;
  const heading = matchHeading(match);
  const actions = h('div', { class: 'card-actions' });
  const card = h('article', { class: `card proposal${recused ? ' recused' : ''}`, 'aria-labelledby': titleId },
    h('header', { class: 'card-header' }, h('h2', { id: titleId }, heading),
      recused ? h('span', { class: 'badge status-recused' }, t('review.recusedBadge')) : null),
    matchDetails(match, titleOf),
    recused ? h('p', { class: 'recusal', id: recusalId }, t('review.recused')) : null,
    actions);

  const decided = (message) => {
    announce(message);
    refreshAndFocus(ctx, 'review-count');
  };
  const approve = h('button', {
    type: 'button', class: 'button', disabled: recused, 'aria-describedby': recused ? recusalId : null, 'aria-label': `${t('review.approve')}: ${heading}`,
  }, t('review.approve'));
  const reject = h('button', {
    type: 'button', class: 'button danger', disabled: recused, 'aria-describedby': recused ? recusalId : null, 'aria-label': `${t('review.reject')}: ${heading}`,
  }, t('review.reject'));
  approve.addEventListener('click', async () => {
    approve.disabled = true;
    try {
      await post(`/api/v1/matches/${encodeURIComponent(match.id)}/approve`);
      decided(t('review.approved', { heading }));
    } catch (error) {
      approve.disabled = false;
      alertError(describeError(error));
    }
  });
  const showButtons = () => {
    actions.replaceChildren(approve, reject);
  };
  reject.addEventListener('click', () => {
    const form = rejectForm(match, () => decided(t('review.rejected', { heading })), () => { showButtons(); reject.focus(); });
    actions.replaceChildren(form);
    form.querySelector('textarea').focus();
  });
  showButtons();
  return card;
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
  const [, proposals] = await Promise.all([
    loadReference(),
    getAll('/api/v1/matches', { status: 'proposed', country: filters.country, donor: filters.donor }),
  ]);
  const shown = proposals.filter((m) => !filters.sector || m.sector === filters.sector);
  const titleOf = await titlesFor(shown);
  if (!ctx.isCurrent()) return;

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

  setContent(main, 
    pageHeader(title, runButton, refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, ctx.session.role === 'chair' ? t('review.leadChair', { country: label('donors', ctx.session.org) }) : t('review.leadSecretariat')),
    lastRun ? runSummary(lastRun) : null,
    h('form', { class: 'filters', role: 'search', 'aria-label': t('review.filters'), onsubmit: (e) => e.preventDefault() },
      filterSelect('country', 'countries', ctx), filterSelect('sector', 'sectors', ctx), filterSelect('donor', 'donors', ctx)),
    h('p', { class: 'count', id: 'review-count', tabindex: '-1' }, t(shown.length === 1 ? 'review.countOne' : 'review.count', { count: number(shown.length) })),
    shown.length ? h('div', { class: 'cards list' }, shown.map((m) => proposalCard(m, titleOf, ctx))) : h('p', { class: 'empty' }, t('review.empty')));
}
