// The codelists of GET /api/v1/reference (no token needed), with Spanish and English labels.
import { get } from './api.js';
import { getLang } from './i18n.js';

const CACHE_KEY = 'marketplace.reference';
let loaded = null;
let promise = null;

function fromCache() {
  try {
    return JSON.parse(sessionStorage.getItem(CACHE_KEY) ?? 'null');
  } catch {
    return null;
  }
}

/** Resolves to the reference document; fetched once per browser session. */
export function loadReference() {
  loaded ??= fromCache();
  if (loaded) return Promise.resolve(loaded);
  promise ??= get('/api/v1/reference').then((data) => {
    loaded = data;
    try { sessionStorage.setItem(CACHE_KEY, JSON.stringify(data)); } catch { /* cache is an optimisation */ }
    return data;
  }).finally(() => { promise = null; });
  return promise;
}

/** The codes of a codelist (countries, donors, sectors, instruments, priorities, needStatuses, ...). */
export const codes = (list) => (loaded?.[list] ?? []).map((item) => item.code);

/** The label of code in list, in the current language; the code itself until the reference is loaded. */
export function label(list, code) {
  const item = loaded?.[list]?.find((entry) => entry.code === code);
  return item?.[getLang()] ?? code;
}

/** Currencies accepted for money amounts. */
export const currencies = () => codes('currencies');
