// Language, translations and locale-aware formatting. Spanish is the default; the choice persists.
import { messages } from './messages.js';

const STORAGE_KEY = 'marketplace.lang';
const LOCALES = { es: 'es-419', en: 'en-US' };
const listeners = new Set();

let lang = readStoredLanguage();

function readStoredLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'es';
  } catch {
    return 'es';
  }
}

export const getLang = () => lang;
export const locale = () => LOCALES[lang];

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'es';
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode: the choice lasts this page only */ }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export const onLangChange = (listener) => listeners.add(listener);

/** The message for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = messages[lang][key] ?? messages.es[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? '').toString());
}

const formatters = new Map();
function formatter(kind, options) {
  const key = `${lang}|${kind}|${JSON.stringify(options)}`;
  if (!formatters.has(key)) {
    formatters.set(key, kind === 'number' ? new Intl.NumberFormat(locale(), options) : new Intl.DateTimeFormat(locale(), options));
  }
  return formatters.get(key);
}

/** Money {amount: "2500000.00", currency: "USD"}; the decimal string is formatted exactly. */
export function money(value) {
  if (!value || value.amount === undefined) return '—';
  try {
    return formatter('number', { style: 'currency', currency: value.currency }).format(value.amount);
  } catch {
    return `${value.amount} ${value.currency}`;
  }
}

export const usd = (amount) => money({ amount, currency: 'USD' });

export const compactUsd = (amount) =>
  formatter('number', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 }).format(amount);

export const number = (value, options = {}) => formatter('number', options).format(value);

export const percent = (fraction) => formatter('number', { style: 'percent', maximumFractionDigits: 0 }).format(fraction);

/** A calendar date YYYY-MM-DD (no time zone shift). */
export function date(value) {
  if (!value) return '—';
  return formatter('date', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

/** An RFC 3339 timestamp, shown in the reader's time zone. */
export function dateTime(value) {
  if (!value) return '—';
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : formatter('date', { dateStyle: 'medium', timeStyle: 'short' }).format(parsed);
}
