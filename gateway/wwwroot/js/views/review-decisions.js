// The review queue's decisions: approve one with its preview, approve or reject several (one reason), each
// request's outcome as a row shows it. Every function reports the outcomes to onDone(Map id → outcome).
import { describeError, get, post, ApiError } from '../api.js';
import { h } from '../dom.js';
import { number, t } from '../i18n.js';
import { openDialog } from './dialog.js';
import { matchHeading } from './match-details.js';
import { coverageTable, previewText, rejectReasonField } from './review-dialogs.js';

/** The outcome of one decision request, as a row shows it. */
function outcomeOf(error, decision) {
  if (!error) return { kind: decision, text: t(`queue.outcome.${decision}`) };
  if (error instanceof ApiError && error.status === 409) return { kind: 'conflict', text: t('queue.outcome.conflict'), detail: error.problem.detail };
  if (error instanceof ApiError && error.status === 403) return { kind: 'forbidden', text: t('queue.outcome.forbidden'), detail: error.problem.detail };
  return { kind: 'failed', text: t('queue.outcome.failed'), detail: describeError(error) };
}

export async function decide(match, decision, reason) {
  const path = `/api/v1/matches/${encodeURIComponent(match.id)}/${decision}`;
  try {
    await post(path, decision === 'reject' ? { reason } : undefined);
    return outcomeOf(null, decision === 'approve' ? 'approved' : 'rejected');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return outcomeOf(error);
  }
}

export async function approveWithPreview(match, titles, loaded, onDone) {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('app.loading')));
  const confirm = h('button', { type: 'button', class: 'button', disabled: true, 'data-action': 'confirm-approve' }, t('queue.confirmApprove'));
  const { close } = openDialog({ title: t('queue.approveTitle', { heading: `${titles.need(match.needId)} · ${matchHeading(match)}` }), content: body, actions: [confirm] });
  try {
    const preview = await get(`/api/v1/matches/${encodeURIComponent(match.id)}/preview`);
    body.replaceChildren(previewText(match, preview, titles, loaded), coverageTable(match, preview, titles));
    confirm.disabled = false;
  } catch (error) {
    body.replaceChildren(h('p', { class: 'field-error' }, describeError(error)));
  }
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    const outcome = await decide(match, 'approve');
    close();
    onDone(new Map([[match.id, outcome]]));
  });
}

export function bulkReject(matches, titles, onDone) {
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
    const outcomes = new Map();
    for (const match of matches) outcomes.set(match.id, await decide(match, 'reject', reason));
    close();
    onDone(outcomes);
  });
}

export function bulkApprove(matches, titles, onDone) {
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
    const outcomes = new Map();
    for (const match of matches) outcomes.set(match.id, await decide(match, 'approve'));
    close();
    onDone(outcomes);
  });
}
