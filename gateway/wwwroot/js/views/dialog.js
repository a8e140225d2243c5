// A modal dialog (native <dialog> opened with showModal, so the page behind is inert) that keeps Tab inside
// it, closes on Escape or its Close button, and gives focus back to the control that opened it.
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Opens a dialog titled `title` with `content` and `actions` (buttons placed before Close); focus goes to
 * `initialFocus` (an element inside the content) or else to the title.
 * Returns { dialog, close, closed } where `closed` resolves once the dialog is gone.
 */
export function openDialog({ title, content, actions = [], closeLabel = t('dialog.close'), initialFocus = null }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const closeButton = h('button', { type: 'button', class: 'button secondary', 'data-action': 'close-dialog' }, closeLabel);
  const heading = h('h2', { id: titleId, tabindex: '-1' }, title);
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
    heading, h('div', { class: 'dialog-body' }, content), h('div', { class: 'dialog-actions' }, actions, closeButton));
  let resolveClosed;
  const closed = new Promise((resolve) => { resolveClosed = resolve; });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
    resolveClosed();
  }, { once: true });
  closeButton.addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const focusable = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => !el.disabled && el.getClientRects().length > 0);
    if (focusable.length === 0) return;
    const [first, last] = [focusable[0], focusable[focusable.length - 1]];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === heading)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  (initialFocus ?? heading).focus();
  return { dialog, close: () => dialog.close(), closed, closeButton };
}
