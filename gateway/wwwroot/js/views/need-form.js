// Member state: publish a need, or edit one of its own.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { codes, currencies, label } from '../reference.js';
import { checkboxGroup, checkedValues, field, input, select } from '../forms.js';
import { integer, moneyOf, renderResourceForm, text } from './resource-form.js';

const EDITABLE = ['country', 'title', 'description', 'sector', 'amount', 'instruments', 'priority', 'targetPopulation',
  'startDate', 'endDate', 'location', 'reference'];

const options = (list) => codes(list).map((code) => ({ value: code, label: label(list, code) }));

function fields(need, org) {
  const value = (key) => need?.[key] ?? '';
  return [
    h('fieldset', { class: 'group' }, h('legend', {}, t('needForm.what')),
      field({ name: 'title', label: t('need.title'), control: input({ value: value('title'), maxlength: 200, autocomplete: 'off' }) }),
      field({ name: 'description', label: t('need.description'), optional: true, control: h('textarea', { rows: 4, maxlength: 4000 }, value('description')) }),
      field({ name: 'sector', label: t('need.sector'), control: select(options('sectors'), need?.sector ?? '', {}) }),
      field({ name: 'priority', label: t('need.priority'), control: select(options('priorities'), need?.priority ?? 'high', {}) }),
      checkboxGroup({ name: 'instruments', legend: t('need.instruments'), options: options('instruments'), checked: need?.instruments ?? ['grant'], hint: t('needForm.instrumentsHint') })),
    h('fieldset', { class: 'group' }, h('legend', {}, t('needForm.amount')),
      h('div', { class: 'money-row' },
        field({ name: 'amount.amount', label: t('need.amount'), hint: t('form.amountHint'), control: input({ inputmode: 'decimal', autocomplete: 'off', value: need?.amount.amount ?? '' }) }),
        field({ name: 'amount.currency', label: t('form.currency'), control: select(currencies().map((c) => ({ value: c, label: `${c} — ${label('currencies', c)}` })), need?.amount.currency ?? 'USD', {}) }))),
    h('fieldset', { class: 'group' }, h('legend', {}, t('needForm.details')),
      field({ name: 'country', label: t('need.country'), control: select(options('countries'), need?.country ?? org, {}) }),
      field({ name: 'targetPopulation', label: t('need.targetPopulation'), optional: true, control: input({ inputmode: 'numeric', value: value('targetPopulation') }) }),
      h('div', { class: 'date-row' },
        field({ name: 'startDate', label: t('need.startDate'), optional: true, control: input({ type: 'date', value: value('startDate') }) }),
        field({ name: 'endDate', label: t('need.endDate'), optional: true, control: input({ type: 'date', value: value('endDate') }) })),
      field({ name: 'location', label: t('need.location'), optional: true, control: input({ maxlength: 200, value: value('location') }) }),
      field({ name: 'reference', label: t('need.reference'), optional: true, hint: t('needForm.referenceHint'), control: input({ maxlength: 100, value: value('reference') }) })),
  ];
}

function readBody(form) {
  const body = {
    country: text(form, 'country'),
    title: text(form, 'title') ?? '',
    description: text(form, 'description'),
    sector: text(form, 'sector'),
    amount: moneyOf(form, 'amount.amount', text(form, 'amount.currency')) ?? { amount: '', currency: text(form, 'amount.currency') },
    instruments: checkedValues(form, 'instruments'),
    priority: text(form, 'priority'),
    targetPopulation: integer(form, 'targetPopulation'),
    startDate: text(form, 'startDate'),
    endDate: text(form, 'endDate'),
    location: text(form, 'location'),
    reference: text(form, 'reference'),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

export function renderNeedForm(main, ctx) {
  return renderResourceForm(main, ctx, {
    collection: 'needs',
    listHash: '#/needs',
    titleNew: t('needForm.titleNew'),
    titleEdit: t('needForm.titleEdit'),
    submitNew: t('needForm.submit'),
    editableFields: EDITABLE,
    fields: (need) => fields(need, ctx.session.org),
    readBody,
    createdMessage: (need) => t('needForm.created', { title: need.title }),
    savedMessage: (need) => t('form.saved', { title: need.title }),
  });
}
