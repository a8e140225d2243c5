// Sign-in. In demo mode a picker of the demo organisations; an OIDC provider shows one button instead.
import { auth, DEMO_CLIENTS, SignInError } from '../auth.js';
import { h, setContent } from '../dom.js';
import { t } from '../i18n.js';
import { loadReference } from '../reference.js';
import { announceAfterNavigation } from '../status.js';
import { orgName, roleName } from './common.js';

function clientOptions() {
  return Object.entries(DEMO_CLIENTS).map(([role, clients]) =>
    h('optgroup', { label: t(`signin.group.${role}`) }, clients.map((client) =>
      h('option', { value: client.clientId }, `${orgName(client)} — ${roleName(role)} (${client.clientId})`))));
}

function errorMessage(error) {
  if (!(error instanceof SignInError)) return t('error.unexpected');
  return t(`signin.error.${error.code}`);
}

export function renderSignIn(main, { reason, onSignedIn }) {
  if (auth.kind !== 'demo') {
    const button = h('button', { type: 'button', class: 'button', onclick: () => auth.signIn() }, t('signin.submit'));
    setContent(main, h('section', { class: 'panel signin' }, h('h1', { tabindex: '-1' }, t('signin.title')), button));
    return;
  }
  const picker = h('select', { id: 'demo-client', name: 'client', required: true }, clientOptions());
  const error = h('p', { class: 'field-error', id: 'signin-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button' }, t('signin.submit'));
  const form = h('form', { class: 'signin-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'demo-client' }, t('signin.pick')), error, picker),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const session = await auth.signIn({ clientId: picker.value });
      announceAfterNavigation(t('signin.done', { org: orgName(session) }));
      onSignedIn(session);
    } catch (failure) {
      error.textContent = errorMessage(failure);
      error.hidden = false;
      picker.setAttribute('aria-invalid', 'true');
      picker.setAttribute('aria-describedby', 'signin-error');
      picker.focus();
    } finally {
      submit.disabled = false;
    }
  });

  setContent(main, h('section', { class: 'panel signin' },
    h('h1', { tabindex: '-1' }, t('signin.title')),
    reason === 'expired' ? h('p', { class: 'notice' }, t('signin.expired')) : null,
    h('div', { class: 'demo-banner', role: 'note', 'aria-labelledby': 'demo-banner-title' },
      h('h2', { id: 'demo-banner-title' }, t('demo.title')),
      h('p', {}, t('demo.explain')),
      h('p', {}, t('demo.data'))),
    form));

  // Organisation names come from the reference; the picker works with codes until they arrive.
  loadReference().then(() => {
    const selected = picker.value;
    picker.replaceChildren(...clientOptions());
    picker.value = selected;
  }, () => {});
}
