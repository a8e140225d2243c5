// The only way the app talks to the server: the public API v1 through the gateway.
import { auth } from './auth.js';
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem, { retryAfter = null, network = false } = {}) {
    super(problem?.title ?? (network ? 'network error' : `HTTP ${status}`));
    this.status = status;
    this.problem = problem ?? {};
    this.retryAfter = retryAfter;
    this.network = network;
  }

  get fieldErrors() {
    return this.problem.errors ?? {};
  }
}

function urlOf(path, query) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
  }
  return url;
}

/**
 * One API call. Resolves to { data, etag, status }; rejects with ApiError. A 401 signs the user out.
 * `idempotencyKey` makes a POST safe to repeat (API.md "Conventions").
 */
export async function request(method, path, { query, body, ifMatch, idempotencyKey } = {}) {
  const headers = { Accept: 'application/json' };
  const token = await auth.accessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(urlOf(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, null, { network: true });
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (response.ok) return { data, etag: response.headers.get('ETag'), status: response.status };
  if (response.status === 401 && token) auth.signOut('expired');
  throw new ApiError(response.status, data, { retryAfter: response.headers.get('Retry-After') });
}

export const get = async (path, query) => (await request('GET', path, { query })).data;
export const post = async (path, body) => (await request('POST', path, { body })).data;

/** Every item of a list, following nextPageToken (bounded, so a huge list cannot hang the page). */
export async function getAll(path, query = {}, maxPages = 20) {
  const items = [];
  let pageToken;
  for (let page = 0; page < maxPages; page++) {
    const data = await get(path, { ...query, pageSize: 200, pageToken });
    items.push(...(data?.items ?? []));
    pageToken = data?.nextPageToken;
    if (!pageToken) break;
  }
  return items;
}

/**
 * Saves a list's CSV export (API.md "Exports": `?format=csv`, the same filters) as a file: fetched with the
 * token, then handed to the browser as a blob download. Resolves to the file name.
 */
export async function downloadCsv(path, query, fileName) {
  const token = await auth.accessToken();
  let response;
  try {
    response = await fetch(urlOf(path, { ...query, format: 'csv' }), { headers: { Accept: 'text/csv', Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, null, { network: true });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    if (response.status === 401) auth.signOut('expired');
    throw new ApiError(response.status, problem, { retryAfter: response.headers.get('Retry-After') });
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return fileName;
}

/** A sentence for the reader, in the current language, saying what went wrong. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return t('error.unexpected');
  if (error.network) return t('error.network');
  const detail = error.problem.detail ? ` (${error.problem.detail})` : '';
  switch (error.status) {
    case 400: return t('error.invalid');
    case 401: return t('error.unauthorized');
    case 403: return t('error.forbidden') + detail;
    case 404: return t('error.notFound');
    case 409: return t('error.conflict') + detail;
    case 412: return t('error.stale');
    case 413: return t('error.tooLarge');
    case 428: return t('error.stale');
    case 429: return error.retryAfter ? t('error.rateLimitedFor', { seconds: error.retryAfter }) : t('error.rateLimited');
    default: return error.status >= 500 ? t('error.server') : t('error.unexpected') + detail;
  }
}
