// Start-up, the page shell (header, navigation, language toggle) and the hash router.
import { auth } from './auth.js';
import { h, setContent } from './dom.js';
import { getLang, onLangChange, setLang, t } from './i18n.js';
import { loadReference } from './reference.js';
import { alertError, messagesForNewPage } from './status.js';
import { describeError } from './api.js';
import { orgName, roleName } from './views/common.js';
import { renderSignIn } from './views/signin.js';
import { renderDashboard } from './views/dashboard.js';
import { renderNeeds } from './views/needs.js';
import { renderNeedForm } from './views/need-form.js';
import { renderPledges } from './views/pledges.js';
import { renderPledgeForm } from './views/pledge-form.js';
import { renderReview } from './views/review.js';
import { renderAudit } from './views/audit.js';
import { renderFlows } from './views/flows.js';
import { renderFund } from './views/fund.js';
import { notificationBell, stopNotifications } from './views/notifications.js';

const main = document.getElementById('main');

const NAV = {
  state: [['#/needs', 'nav.needs'], ['#/flows', 'nav.flows'], ['#/dashboard', 'nav.dashboard'], ['#/audit', 'nav.audit']],
  donor: [['#/pledges', 'nav.pledges'], ['#/flows', 'nav.flows'], ['#/dashboard', 'nav.dashboard'], ['#/audit', 'nav.audit']],
  chair: [['#/review', 'nav.review'], ['#/flows', 'nav.flows'], ['#/dashboard', 'nav.dashboard'], ['#/audit', 'nav.audit']],
  secretariat: [['#/review', 'nav.review'], ['#/flows', 'nav.flows'], ['#/dashboard', 'nav.dashboard'], ['#/audit', 'nav.audit']],
  'fund-manager': [['#/flows', 'nav.flows'], ['#/dashboard', 'nav.dashboard'], ['#/audit', 'nav.audit']],
};
// The MIRPS Fund's view is for everyone, just before the audit trail.
for (const items of Object.values(NAV)) items.splice(-1, 0, ['#/fund', 'nav.fund']);

const ROUTES = [
  [/^\/dashboard$/, () => renderDashboard],
  [/^\/needs$/, (s) => s.role === 'state' && renderNeeds],
  [/^\/needs\/new$/, (s) => s.role === 'state' && renderNeedForm],
  [/^\/needs\/([^/]+)\/edit$/, (s) => s.role === 'state' && renderNeedForm],
  [/^\/pledges$/, (s) => s.role === 'donor' && renderPledges],
  [/^\/pledges\/new$/, (s) => s.role === 'donor' && renderPledgeForm],
  [/^\/pledges\/([^/]+)\/edit$/, (s) => s.role === 'donor' && renderPledgeForm],
  [/^\/review$/, (s) => (s.role === 'chair' || s.role === 'secretariat') && renderReview],
  [/^\/flows$/, () => renderFlows],
  [/^\/fund$/, () => renderFund],
  [/^\/audit(?:\/([^/]+))?$/, () => renderAudit],
];

const homeOf = (session) => NAV[session.role]?.[0]?.[0] ?? '#/dashboard';

let signOutReason = null;
let signInError = null;
let renderCount = 0;

function navigate(hash) {
  if (window.location.hash !== hash) {
    window.location.hash = hash;
    return;
  }
  messagesForNewPage();
  render();
}

function renderHeader(session) {
  document.title = `${t('app.title')} — ${t('app.subtitle')}`;
  document.getElementById('brand-title').textContent = t('app.title');
  document.getElementById('brand-subtitle').textContent = t('app.subtitle');
  document.getElementById('skip-link').textContent = t('app.skip');
  const other = getLang() === 'es' ? 'en' : 'es';
  const toggle = h('button', { type: 'button', class: 'button lang-toggle', lang: other, onclick: () => setLang(other) },
    other === 'en' ? 'English' : 'Español');
  const tools = [toggle];
  if (session) {
    tools.unshift(
      h('p', { class: 'identity' },
        h('span', {}, t('header.signedInAs'), ' ', session.name ? h('strong', {}, session.name) : null, session.name ? ' · ' : '',
          h('strong', {}, orgName(session)),
          session.role === 'state' || session.role === 'donor' ? ` · ${roleName(session.role)}` : '')),
      h('button', { type: 'button', class: 'button secondary', onclick: () => auth.signOut('signed-out') }, t('header.signOut')));
    if (session.name) tools.unshift(notificationBell(session));
  } else {
    stopNotifications();
  }
  document.getElementById('header-tools').replaceChildren(...tools);

  const nav = document.getElementById('app-nav');
  nav.hidden = !session;
  nav.setAttribute('aria-label', t('nav.label'));
  if (!session) return nav.replaceChildren();
  const current = window.location.hash.split('?')[0];
  nav.replaceChildren(h('ul', {}, NAV[session.role].map(([href, key]) =>
    h('li', {}, h('a', { href, 'aria-current': current.startsWith(href) ? 'page' : null }, t(key))))));
}

async function render() {
  const ownRender = ++renderCount;
  const session = auth.session();
  renderHeader(session);
  if (!session) {
    renderSignIn(main, { reason: signOutReason, error: signInError });
    return;
  }
  const path = window.location.hash.replace(/^#/, '') || '/';
  let view = null;
  let params = [];
  for (const [pattern, pick] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      view = pick(session) || null;
      params = match.slice(1).map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
      break;
    }
  }
  if (!view) {
    navigate(homeOf(session));
    return;
  }
  main.setAttribute('aria-busy', 'true');
  try {
    await view(main, { session, params, navigate, refresh: render, isCurrent: () => ownRender === renderCount });
  } catch (error) {
    if (ownRender !== renderCount || !auth.session()) return;
    setContent(main, h('section', { class: 'panel error-panel' },
      h('h1', { tabindex: '-1' }, t('error.title')),
      h('p', {}, describeError(error)),
      h('button', { type: 'button', class: 'button', onclick: render }, t('action.retry'))));
  } finally {
    main.removeAttribute('aria-busy');
  }
}

function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

window.addEventListener('hashchange', async () => {
  messagesForNewPage();
  await render();
  focusHeading();
});

onLangChange(() => render());

auth.onChange((session, reason) => {
  signOutReason = session ? null : reason;
  if (!session && reason === 'expired') alertError(t('signin.expired'));
  if (!session) {
    if (window.location.hash) history.replaceState(null, '', window.location.pathname);
    render();
  }
});

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  focusHeading();
});

document.documentElement.lang = getLang();
auth.completeSignIn().then(() => render(), (error) => {
  signInError = error;
  render();
});
// Codelist labels arrive after the first paint; views await them, the header is relabelled when they come.
loadReference().then(() => renderHeader(auth.session()), (error) => alertError(describeError(error)));
