// Donor: post a pledge, or edit one of its own.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { codes, currencies, label } from '../reference.js';
import { checkboxGroup, checkedValues, field, input, select } from '../forms.js';
import { moneyOf, renderResourceForm, text } from './resource-form.js';

const EDITABLE = ['title', 'description', 'amount', 'instrument', 'countries', 'sectors', 'minAllocation', 'maxAllocation',
  'availableFrom', 'availableUntil', 'conditions'];

const options = (list) => codes(list).map((code) => ({ value: code, label: label(list, code) }));

function fields(pledge) {
  const value = (key) => pledge?.[key] ?? '';
  return [
    h('fieldset', { class: 'group' }, h('legend', {}, t('pledgeForm.what')),
      field({ name: 'title', label: t('pledge.title'), control: input({ value: value('title'), maxlength: 200, autocomplete: 'off' }) }),
      field({ name: 'description', label: t('pledge.description'), optional: true, control: h('textarea', { rows: 3, maxlength: 4000 }, value('description')) }),
      field({ name: 'instrument', label: t('pledge.instrument'), control: select(options('instruments'), pledge?.instrument ?? 'grant', {}) })),
    h('fieldset', { class: 'group' }, h('legend', {}, t('pledgeForm.amount')),
      h('div', { class: 'money-row' },
        field({ name: 'amount.amount', label: t('pledge.amount'), hint: t('form.amountHint'), control: input({ inputmode: 'decimal', autocomplete: 'off', value: pledge?.amount.amount ?? '' }) }),
        field({ name: 'amount.currency', label: t('form.currency'), control: select(currencies().map((c) => ({ value: c, label: `${c} — ${label('currencies', c)}` })), pledge?.amount.currency ?? 'USD', {}) })),
      h('div', { class: 'money-row' },
        field({ name: 'minAllocation.amount', label: t('pledge.minAllocation'), optional: true, hint: t('pledgeForm.boundsHint'), control: input({ inputmode: 'decimal', value: pledge?.minAllocation?.amount ?? '' }) }),
        field({ name: 'maxAllocation.amount', label: t('pledge.maxAllocation'), optional: true, control: input({ inputmode: 'decimal', value: pledge?.maxAllocation?.amount ?? '' }) }))),
    h('fieldset', { class: 'group' }, h('legend', {}, t('pledgeForm.where')),
      checkboxGroup({ name: 'countries', legend: t('pledge.countries'), options: options('countries'), checked: pledge?.countries ?? [], hint: t('pledgeForm.countriesHint') }),
      checkboxGroup({ name: 'sectors', legend: t('pledge.sectors'), options: options('sectors'), checked: pledge?.sectors ?? [], hint: t('pledgeForm.sectorsHint') }),
      h('div', { class: 'date-row' },
        field({ name: 'availableFrom', label: t('pledge.availableFrom'), optional: true, control: input({ type: 'date', value: value('availableFrom') }) }),
        field({ name: 'availableUntil', label: t('pledge.availableUntil'), optional: true, control: input({ type: 'date', value: value('availableUntil') }) })),
      field({ name: 'conditions', label: t('pledge.conditions'), optional: true, control: h('textarea', { rows: 3, maxlength: 2000 }, value('conditions')) })),
  ];
}

function readBody(form) {
  const currency = text(form, 'amount.currency');
  const body = {
    title: text(form, 'title') ?? '',
    description: text(form, 'description'),
    amount: moneyOf(form, 'amount.amount', currency) ?? { amount: '', currency },
    instrument: text(form, 'instrument'),
    countries: checkedValues(form, 'countries'),
    sectors: checkedValues(form, 'sectors'),
    minAllocation: moneyOf(form, 'minAllocation.amount', currency),
    maxAllocation: moneyOf(form, 'maxAllocation.amount', currency),
    availableFrom: text(form, 'availableFrom'),
    availableUntil: text(form, 'availableUntil'),
    conditions: text(form, 'conditions'),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

export function renderPledgeForm(main, ctx) {
  return renderResourceForm(main, ctx, {
    collection: 'pledges',
    listHash: '#/pledges',
    titleNew: t('pledgeForm.titleNew'),
    titleEdit: t('pledgeForm.titleEdit'),
    submitNew: t('pledgeForm.submit'),
    editableFields: EDITABLE,
    fields,
    readBody,
    createdMessage: (pledge) => t('pledgeForm.created', { title: pledge.title }),
    savedMessage: (pledge) => t('form.saved', { title: pledge.title }),
  });
}
