// Form fields with labels, hints and error slots, and the mapping of an API 400's `errors` keys
// ("amount.amount", "instruments[0]", "country") onto the field they belong to.
import { h, uid } from './dom.js';
import { getLang, t } from './i18n.js';

/** A labelled single control. `name` is the API field path this control edits (e.g. "amount.amount"). */
export function field({ name, label, control, hint, optional = false }) {
  const id = control.id || uid('f');
  control.id = id;
  control.name ||= name;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label, optional ? h('span', { class: 'optional' }, ` (${t('form.optional')})`) : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
    control);
}

/** A group of checkboxes in a fieldset with a legend (instruments, countries, sectors). */
export function checkboxGroup({ name, legend, options, checked = [], hint }) {
  const hintId = hint ? uid('hint') : null;
  const errorId = uid('err');
  return h('fieldset', { class: 'field checkbox-group', 'data-field': name, 'aria-describedby': hintId },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
    h('div', { class: 'checkbox-grid' }, options.map(({ value, label }) => {
      const id = uid('cb');
      return h('div', { class: 'checkbox' },
        h('input', { type: 'checkbox', id, name, value, checked: checked.includes(value) }),
        h('label', { for: id }, label));
    })));
}

export const input = (attrs = {}) => h('input', { type: 'text', ...attrs });

export function select(options, selected, attrs = {}) {
  return h('select', attrs, options.map(({ value, label }) => h('option', { value, selected: value === selected }, label)));
}

export const checkedValues = (form, name) =>
  [...form.querySelectorAll(`input[type=checkbox][name="${name}"]:checked`)].map((box) => box.value);

export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error')) {
    slot.hidden = true;
    slot.replaceChildren();
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const fieldEl of form.querySelectorAll('.field.has-error')) fieldEl.classList.remove('has-error');
  form.querySelector('.error-summary')?.remove();
}

function fieldFor(form, key) {
  const withoutIndex = key.replace(/\[\d+\]/g, '');
  const base = withoutIndex.split('.')[0];
  const candidates = [key, withoutIndex, base, `${base}.amount`];
  for (const candidate of candidates) {
    const match = form.querySelector(`[data-field="${CSS.escape(candidate)}"]`);
    if (match) return match;
  }
  return null;
}

/**
 * Shows every error of an API 400 next to its field, plus a summary at the top of the form that links
 * to each field. Errors without a field of their own are listed in the summary only.
 */
export function showFieldErrors(form, errors) {
  clearErrors(form);
  const summaryItems = [];
  for (const [key, list] of Object.entries(errors ?? {})) {
    const text = list.map(translateServerMessage).join(' ');
    const target = fieldFor(form, key);
    if (!target) {
      summaryItems.push(h('li', {}, `${key}: ${text}`));
      continue;
    }
    target.classList.add('has-error');
    const slot = target.querySelector('.field-error');
    slot.hidden = false;
    slot.append(h('span', { class: 'visually-hidden' }, `${t('form.error')}: `), text);
    const control = target.matches('fieldset') ? target : target.querySelector('input, select, textarea');
    control.setAttribute('aria-invalid', 'true');
    const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
    describedBy.add(slot.id);
    control.setAttribute('aria-describedby', [...describedBy].join(' '));
    const focusTarget = target.querySelector('input, select, textarea');
    summaryItems.push(h('li', {}, h('a', {
      href: `#${focusTarget?.id ?? ''}`,
      onclick: (event) => { event.preventDefault(); focusTarget?.focus(); },
    }, `${target.querySelector('label, legend')?.textContent ?? key}: ${text}`)));
  }
  const summary = h('div', { class: 'error-summary', tabindex: '-1' },
    h('h2', {}, t('form.errorSummary')),
    h('ul', {}, summaryItems));
  form.prepend(summary);
  summary.focus();
}

/** A form-level message (403, 409, 412, network) shown at the top of the form. */
export function showFormError(form, message, action) {
  clearErrors(form);
  const summary = h('div', { class: 'error-summary', tabindex: '-1' },
    h('p', {}, message),
    action ? h('button', { type: 'button', class: 'button secondary', onclick: action.run }, action.label) : null);
  form.prepend(summary);
  summary.focus();
}

// The API writes its validation messages in English; the common ones read in Spanish here.
const SPANISH = [
  [/^must not be empty$/, () => 'no puede estar vacío'],
  [/^must be at most (\d+) characters$/, (m) => `debe tener como máximo ${m[1]} caracteres`],
  [/^must be at least (\d+) characters$/, (m) => `debe tener al menos ${m[1]} caracteres`],
  [/^must be greater than 0$/, () => 'debe ser mayor que 0'],
  [/^must be a (positive )?decimal string/, () => 'debe ser un importe positivo con punto decimal, por ejemplo 2500000.00'],
  [/^must be a whole number$/, () => 'debe ser un número entero'],
  [/^must be a real date written YYYY-MM-DD$/, () => 'debe ser una fecha válida (AAAA-MM-DD)'],
  [/^must not be before startDate$/, () => 'no puede ser anterior a la fecha de inicio'],
  [/^must not be before availableFrom$/, () => 'no puede ser anterior a «disponible desde»'],
  [/^must not exceed amount$/, () => 'no puede superar el importe'],
  [/^must not exceed maxAllocation$/, () => 'no puede superar la asignación máxima'],
  [/^must be a MIRPS country code$/, () => 'debe ser un país MIRPS'],
  [/^must be a sector code$/, () => 'debe ser un sector de la lista'],
  [/^must be an instrument code$/, () => 'debe ser un instrumento de la lista'],
  [/^must be one of: (.*)$/, (m) => `debe ser uno de: ${m[1]}`],
  [/^must be an ISO 4217 code/, () => 'debe ser una moneda aceptada por la plataforma'],
  [/^must be (\w+), the currency of amount$/, (m) => `debe ser ${m[1]}, la moneda del importe`],
  [/^must be between (\S+) and (\S+)$/, (m) => `debe estar entre ${m[1]} y ${m[2]}`],
  [/^must not contain control characters$/, () => 'no puede contener caracteres de control'],
];

export function translateServerMessage(message) {
  if (getLang() !== 'es') return message;
  for (const [pattern, render] of SPANISH) {
    const match = pattern.exec(message);
    if (match) return render(match);
  }
  return message;
}
