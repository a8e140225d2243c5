// Create and edit forms for needs and pledges: POST to create; PATCH (JSON merge patch of the changed
// fields only) with If-Match from the ETag to edit. 400 errors go next to their fields; 412 asks to reload.
import { ApiError, describeError, request } from '../api.js';
import { h, setContent } from '../dom.js';
import { t } from '../i18n.js';
import { loadReference } from '../reference.js';
import { clearErrors, showFieldErrors, showFormError } from '../forms.js';
import { announceAfterNavigation } from '../status.js';
import { pageHeader, showLoading } from './common.js';

const canonical = (value) => JSON.stringify(Array.isArray(value) ? [...value].sort() : value ?? null);

/** The merge patch that turns original into body, over the fields the client may edit. */
export function mergePatch(original, body, editableFields) {
  const patch = {};
  for (const key of editableFields) {
    if (canonical(original[key]) !== canonical(body[key])) patch[key] = body[key] ?? null;
  }
  return patch;
}

/** Trimmed text, or undefined when empty (so optional fields are left out). */
export const text = (form, name) => {
  const value = form.elements.namedItem(name)?.value.trim() ?? '';
  return value === '' ? undefined : value;
};

/** A whole number when the input is one; otherwise the raw text, so the API names the error. */
export const integer = (form, name) => {
  const value = text(form, name);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
};

/** Money from an amount input and a currency select; undefined when the amount is empty. */
export const moneyOf = (form, amountName, currency) => {
  const amount = text(form, amountName);
  return amount === undefined ? undefined : { amount: amount.replace(/\s/g, ''), currency };
};

export async function renderResourceForm(main, ctx, spec) {
  const id = ctx.params[0];
  const heading = id ? spec.titleEdit : spec.titleNew;
  showLoading(main, heading);
  await loadReference();
  let original = null;
  let etag = null;
  if (id) {
    const response = await request('GET', `/api/v1/${spec.collection}/${encodeURIComponent(id)}`);
    original = response.data;
    etag = response.etag ?? `"${original.version}"`;
  }
  if (!ctx.isCurrent()) return;

  const submit = h('button', { type: 'submit', class: 'button' }, id ? t('action.save') : spec.submitNew);
  const form = h('form', { class: 'resource-form', novalidate: true, 'aria-labelledby': 'form-title' },
    spec.fields(original),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'button secondary', href: spec.listHash }, t('action.cancel'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = spec.readBody(form);
    const payload = original ? mergePatch(original, body, spec.editableFields) : body;
    if (original && Object.keys(payload).length === 0) {
      announceAfterNavigation(t('form.noChanges'));
      ctx.navigate(spec.listHash);
      return;
    }
    submit.disabled = true;
    try {
      const response = original
        ? await request('PATCH', `/api/v1/${spec.collection}/${encodeURIComponent(original.id)}`, { body: payload, ifMatch: etag })
        : await request('POST', `/api/v1/${spec.collection}`, { body: payload });
      announceAfterNavigation(original ? spec.savedMessage(response.data) : spec.createdMessage(response.data));
      ctx.navigate(spec.listHash);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) return;
      if (error.status === 400 && Object.keys(error.fieldErrors).length) showFieldErrors(form, error.fieldErrors);
      else if (error.status === 412 || error.status === 428) {
        showFormError(form, t('form.stale'), { label: t('action.reload'), run: () => ctx.refresh() });
      } else showFormError(form, describeError(error));
    } finally {
      submit.disabled = false;
    }
  });

  const header = pageHeader(heading);
  header.querySelector('h1').id = 'form-title';
  setContent(main, header, original ? h('p', { class: 'hint' }, t('form.version', { version: original.version })) : null, form);
}
