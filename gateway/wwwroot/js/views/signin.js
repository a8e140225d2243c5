// Sign-in: one button that opens the identity service's sign-in page (authorization code flow with PKCE).
// In demo mode that page lists the demo people.
import { auth, SignInError } from '../auth.js';
import { h, setContent } from '../dom.js';
import { t } from '../i18n.js';

export function renderSignIn(main, { reason, error }) {
  const message = error instanceof SignInError ? t(`signin.error.${error.code}`) : null;
  const button = h('button', { type: 'button', class: 'button', onclick: () => auth.signIn() }, t('signin.submit'));
  setContent(main, h('section', { class: 'panel signin' },
    h('h1', { tabindex: '-1' }, t('signin.title')),
    reason === 'expired' ? h('p', { class: 'notice' }, t('signin.expired')) : null,
    message ? h('p', { class: 'field-error', role: 'alert' }, message) : null,
    h('p', {}, t('signin.explain')),
    button));
}
