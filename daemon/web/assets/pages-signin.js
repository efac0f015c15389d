// Sign-in, when the node listens beyond loopback (docs/web-ui.md).
import { h } from './dom.js';
import { t } from './i18n.js';
import { signIn } from './api.js';
import { field, formTop, submitRow, clearErrors, setError, showTop, focusFirstError } from './forms.js';

export const signInPage = {
  render(ctx) {
    const s = ctx.session;
    const form = h('form', { class: 'form narrow', novalidate: true },
      formTop(),
      field({ name: 'passphrase', kind: 'password', labelText: t('signin.passphrase'), required: true, attrs: { autocomplete: 'current-password', autocapitalize: 'off', spellcheck: 'false' } }),
      submitRow(t('signin.submit')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const pass = form.elements.passphrase.value;
      if (!pass) { setError(form, 'passphrase', t('err.required')); focusFirstError(form); return; }
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      try {
        await signIn(pass);
        await ctx.afterSignIn();
      } catch (err) {
        if (err.status === 401) setError(form, 'passphrase', t('signin.wrong'));
        else if (err.status === 429) setError(form, 'passphrase', t('signin.throttled'));
        else if (err.status === 0) showTop(form, t('err.network'));
        else showTop(form, t('err.api'), 'error', `(${err.code}: ${err.detail})`);
        form.elements.passphrase.select();
        focusFirstError(form);
      } finally {
        button.disabled = false;
      }
    });
    const point = s.role === 'support-point-operator' ? s.scope : '';
    return h('div', { class: 'page signin' },
      h('h1', { tabindex: '-1' }, t('signin.title')),
      h('p', { class: 'intro' }, t('signin.intro')),
      form,
      s.public_notice_board && point ? h('p', {}, h('a', { href: `/notice/${encodeURIComponent(point)}` }, t('signin.notice'))) : null);
  },
};
