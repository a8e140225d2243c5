// The money trail of approved matches (docs/flows.md): donors commit and disburse, member states confirm
// receipts, the donor or the secretariat cancels the rest; everyone follows each allocation's trail.
import { ApiError, describeError, getAll, request } from '../api.js';
import { h, setContent } from '../dom.js';
import { date, dateTime, money, t } from '../i18n.js';
import { field, input, showFieldErrors, showFormError } from '../forms.js';
import { label, loadReference } from '../reference.js';
import { announce, alertError } from '../status.js';
import { auditLink, facts, pageHeader, refreshButton, showLoading } from './common.js';
import { titlesFor } from './match-details.js';

const FUND = 'MIRPS-FUND';
const isDonorOf = (session, flow) => flow.donor === FUND
  ? session.role === 'fund-manager' && session.org === FUND
  : session.role === 'donor' && session.org === flow.donor;

/** Which flows a role follows: its own as donor or member state, every flow for the chair and the secretariat. */
const queryOf = ({ role, org }) => (role === 'state' ? { country: org } : role === 'donor' || role === 'fund-manager' ? { donor: org } : {});

/** One POST with an Idempotency-Key minted per submission, so a retried click never counts twice. */
const postOnce = (path, body) => request('POST', path, { body, idempotencyKey: crypto.randomUUID() });

function stepForm({ id, legend, fields, submit, onSubmit, danger = false }) {
  const form = h('form', { class: 'flow-form', id, novalidate: true, 'aria-label': legend },
    ...fields, h('button', { type: 'submit', class: danger ? 'button danger' : 'button' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await onSubmit(new FormData(form));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) showFieldErrors(form, error.problem?.errors);
      else showFormError(form, describeError(error));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

const amountOf = (value, currency) => (value ? { amount: String(value).trim(), currency } : undefined);

function actionsOf(flow, ctx) {
  const { session } = ctx;
  const base = `/api/v1/flows/${encodeURIComponent(flow.id)}`;
  const currency = flow.approved.currency;
  const done = (key) => async () => { announce(t(key)); await ctx.refresh(); };
  const forms = [];
  if (isDonorOf(session, flow) && flow.status === 'approved') {
    forms.push(stepForm({
      id: `commit-${flow.id}`, legend: t('flow.commit'), submit: t('flow.commit'),
      fields: [
        field({ name: 'signedOn', label: t('flow.signedOn'), control: input({ type: 'date', required: true }) }),
        field({ name: 'reference', label: t('flow.reference'), control: input({ required: true, maxlength: 200 }) }),
        field({ name: 'amount.amount', label: t('flow.amountIn', { currency }), optional: true, hint: t('flow.commitHint'),
          control: input({ inputmode: 'decimal', name: 'amount' }) }),
      ],
      onSubmit: async (data) => {
        await postOnce(`${base}/commitment`, {
          signedOn: data.get('signedOn'), reference: data.get('reference'), amount: amountOf(data.get('amount'), currency),
        });
        await done('flow.committed')();
      },
    }));
  }
  if (isDonorOf(session, flow) && (flow.status === 'committed' || flow.status === 'partially-disbursed')) {
    forms.push(stepForm({
      id: `disburse-${flow.id}`, legend: t('flow.disburse'), submit: t('flow.disburse'),
      fields: [
        field({ name: 'date', label: t('flow.date'), control: input({ type: 'date', required: true }) }),
        field({ name: 'amount.amount', label: t('flow.amountIn', { currency }), control: input({ inputmode: 'decimal', name: 'amount', required: true }) }),
        field({ name: 'reference', label: t('flow.reference'), control: input({ required: true, maxlength: 200 }) }),
      ],
      onSubmit: async (data) => {
        await postOnce(`${base}/disbursements`, {
          date: data.get('date'), amount: amountOf(data.get('amount'), currency), reference: data.get('reference'),
        });
        await done('flow.disbursed')();
      },
    }));
  }
  if ((isDonorOf(session, flow) || session.role === 'secretariat') && !['disbursed', 'cancelled'].includes(flow.status)) {
    forms.push(stepForm({
      id: `cancel-${flow.id}`, legend: t('flow.cancel'), submit: t('flow.cancel'), danger: true,
      fields: [field({ name: 'reason', label: t('flow.reason'), control: input({ required: true, maxlength: 1000 }) })],
      onSubmit: async (data) => {
        await postOnce(`${base}/cancel`, { reason: data.get('reason') });
        await done('flow.cancelledNow')();
      },
    }));
  }
  return forms;
}

function disbursementRow(flow, d, ctx) {
  const canConfirm = ctx.session.role === 'state' && ctx.session.org === flow.country && !d.receivedAt;
  const confirm = async (event) => {
    event.target.disabled = true;
    try {
      await postOnce(`/api/v1/flows/${encodeURIComponent(flow.id)}/disbursements/${encodeURIComponent(d.id)}/receipt`);
      announce(t('flow.receiptConfirmed'));
      await ctx.refresh();
    } catch (error) {
      event.target.disabled = false;
      alertError(describeError(error));
    }
  };
  return h('li', { class: 'trail-step' },
    `${date(d.date)} · ${money(d.amount)} · ${d.reference} · `,
    d.receivedAt ? t('flow.receivedAt', { at: dateTime(d.receivedAt) }) : t('flow.notReceived'),
    canConfirm ? h('button', { type: 'button', class: 'button secondary', onclick: confirm,
      'aria-label': `${t('flow.confirmReceipt')}: ${money(d.amount)} ${date(d.date)}` }, t('flow.confirmReceipt')) : null);
}

function flowCard(flow, titleOf, ctx) {
  const titleId = `flow-${flow.id}`;
  const name = `${titleOf(flow.needId) ?? flow.needId} ← ${label('donors', flow.donor)}`;
  return h('article', { class: 'card flow', 'aria-labelledby': titleId, 'data-flow': flow.id },
    h('header', { class: 'card-header' }, h('h2', { id: titleId }, name),
      h('span', { class: `badge status-${flow.status}` }, t(`flow.status.${flow.status}`))),
    facts([
      [t('flow.country'), label('countries', flow.country)],
      [t('flow.approved'), money(flow.approved)],
      [t('flow.committedAmount'), money(flow.committed)],
      [t('flow.disbursedAmount'), money(flow.disbursed)],
      [t('flow.needSide'), `${money(flow.need.disbursed)} / ${money(flow.need.approved)}`],
      [t('flow.commitment'), flow.commitment ? `${date(flow.commitment.signedOn)} · ${flow.commitment.reference}` : null],
      [t('flow.cancellation'), flow.cancellation
        ? t('flow.cancelledInfo', { reason: flow.cancellation.reason, released: money(flow.cancellation.released) }) : null],
    ]),
    flow.disbursements.length
      ? h('section', { 'aria-label': t('flow.disbursements') }, h('h3', {}, t('flow.disbursements')),
        h('ol', { class: 'trail' }, flow.disbursements.map((d) => disbursementRow(flow, d, ctx))))
      : null,
    h('div', { class: 'card-actions' }, ...actionsOf(flow, ctx), auditLink(flow.id, name)));
}

export async function renderFlows(main, ctx) {
  await loadReference();
  showLoading(main, t('flows.title'));
  const flows = await getAll('/api/v1/flows', queryOf(ctx.session));
  const titleOf = await titlesFor(flows.map((f) => ({ needId: f.needId, pledgeId: f.pledgeId })));
  if (!ctx.isCurrent()) return;
  setContent(main,
    pageHeader(t('flows.title'), refreshButton(ctx.refresh)),
    h('p', { class: 'lead' }, t('flows.lead')),
    flows.length ? h('div', { class: 'cards' }, flows.map((f) => flowCard(f, titleOf, ctx))) : h('p', { class: 'empty' }, t('flows.empty')));
}
