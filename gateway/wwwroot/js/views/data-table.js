// A list as a table that stays usable at hundreds of rows: sortable columns (aria-sort), a title search and
// a status filter applied in the browser, a row count, and a CSV download of the same list from the API.
import { downloadCsv, describeError } from '../api.js';
import { h, uid } from '../dom.js';
import { number, t } from '../i18n.js';
import { label } from '../reference.js';
import { alertError, announce } from '../status.js';

const compare = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a ?? '').localeCompare(String(b ?? '')));

/**
 * columns: [{ key, label, value(row) for sorting, cell(row) for display, num, rowHeader, sortable = true }].
 * statusList: the codelist of the rows' `status`. csv: { path, query, fileName } of the export endpoint.
 */
export function dataTable({ name, caption, columns, rows, statusList, csv }) {
  const state = { sort: columns.find((c) => c.rowHeader)?.key ?? columns[0].key, descending: false, search: '', status: '' };
  const searchId = uid(`${name}-search`);
  const statusId = uid(`${name}-status`);
  const captionId = uid(`${name}-caption`);
  const countId = uid(`${name}-count`);
  const search = h('input', { type: 'search', id: searchId, name: 'search', autocomplete: 'off' });
  const statuses = [...new Set(rows.map((r) => r.status))];
  const status = h('select', { id: statusId, name: 'status' }, h('option', { value: '' }, t('table.all')),
    statuses.map((code) => h('option', { value: code }, label(statusList, code))));
  const download = h('button', { type: 'button', class: 'button secondary' }, t('table.download'));
  const count = h('p', { class: 'count', id: countId, 'aria-live': 'polite' });
  const head = h('thead');
  const body = h('tbody');

  const drawHead = () => head.replaceChildren(h('tr', {}, columns.map((c) => {
    const active = state.sort === c.key;
    const sortState = active ? (state.descending ? 'descending' : 'ascending') : null;
    if (c.sortable === false) return h('th', { scope: 'col' }, c.label);
    return h('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': sortState },
      h('button', { type: 'button', class: 'sort-button', 'data-sort': c.key },
        c.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (state.descending ? ' ▼' : ' ▲') : ' ↕')));
  })));

  const drawBody = () => {
    const query = state.search.trim().toLocaleLowerCase();
    const column = columns.find((c) => c.key === state.sort);
    const shown = rows
      .filter((r) => (!state.status || r.status === state.status) && (!query || String(r.title ?? '').toLocaleLowerCase().includes(query)))
      .sort((a, b) => (state.descending ? -1 : 1) * compare(column.value(a), column.value(b)));
    body.replaceChildren(...(shown.length ? shown.map((r) => h('tr', { 'data-id': r.id }, columns.map((c) =>
      (c.rowHeader ? h('th', { scope: 'row' }, c.cell(r)) : h('td', { class: c.num ? 'num' : null }, c.cell(r)))))) : [h('tr', {},
      h('td', { colspan: columns.length, class: 'empty' }, t('table.empty')))]));
    count.textContent = t('table.shown', { shown: number(shown.length), total: number(rows.length) });
  };

  head.addEventListener('click', (event) => {
    const button = event.target.closest('[data-sort]');
    if (!button) return;
    const key = button.dataset.sort;
    state.descending = state.sort === key ? !state.descending : false;
    state.sort = key;
    drawHead();
    drawBody();
    head.querySelector(`[data-sort="${CSS.escape(key)}"]`).focus();
  });
  search.addEventListener('input', () => { state.search = search.value; drawBody(); });
  status.addEventListener('change', () => { state.status = status.value; drawBody(); });
  download.addEventListener('click', async () => {
    download.disabled = true;
    try {
      announce(t('table.downloaded', { name: await downloadCsv(csv.path, csv.query, csv.fileName) }));
    } catch (error) {
      alertError(describeError(error));
    } finally {
      download.disabled = false;
    }
  });
  drawHead();
  drawBody();
  return h('div', { class: 'data-list', 'data-list': name },
    h('div', { class: 'table-tools', role: 'search', 'aria-label': caption },
      h('div', { class: 'field' }, h('label', { for: searchId }, t('table.search')), search),
      h('div', { class: 'field' }, h('label', { for: statusId }, t('table.status')), status),
      download),
    count,
    h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': captionId },
      h('table', { class: 'data-table list-table' }, h('caption', { id: captionId }, caption), head, body)));
}
