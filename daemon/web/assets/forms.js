// Form building blocks: every field has a label, an optional hint and a place for its error
// right below it (aria-describedby), so a refusal is always shown next to what caused it.
import { h, fmtTime, announce } from './dom.js';
import { t, label, enums } from './i18n.js';
import { ApiError, postDraft } from './api.js';

let seq = 0;
const uid = (name) => `f-${name.replace(/[^a-z0-9]/gi, '-')}-${++seq}`;

// A labelled control. kind: text | number | textarea | select | datetime-local | checkbox.
// `path` is the proto field path the daemon names in its error details (sitrep.area).
export function field({ name, kind = 'text', labelText, hint, required, path, options, value, attrs = {}, cls }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-err`;
  const described = [hintId, errId].filter(Boolean).join(' ');
  let control;
  if (kind === 'textarea') {
    control = h('textarea', { id, name, rows: attrs.rows || 3, 'aria-describedby': described, ...attrs });
    if (value) control.value = value;
  } else if (kind === 'select') {
    control = h('select', { id, name, 'aria-describedby': described, ...attrs },
      (options || []).map(([v, l]) => h('option', { value: v }, l)));
    if (value !== undefined) control.value = value;
  } else {
    control = h('input', { id, name, type: kind, 'aria-describedby': described, value, ...attrs });
  }
  if (required) control.setAttribute('aria-required', 'true');
  const lab = h('label', { for: id }, labelText,
    required ? h('span', { class: 'req' }, ' *', h('span', { class: 'sr-only' }, ` (${t('form.required')})`)) : null);
  const box = h('div', { class: `field ${cls || ''}`, 'data-field': name, 'data-path': path || '' },
    kind === 'checkbox' ? [control, ' ', lab] : [lab, control],
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errId, hidden: true, 'aria-live': 'polite' }));
  return box;
}

// Big buttons (radio inputs) for a choice: fieldset + legend, one tap per answer.
export function choices({ name, legendText, values, enumName, path, value, big = true, icons = {}, required = true, wide = false }) {
  const id = uid(name);
  const errId = `${id}-err`;
  return h('fieldset', { class: `field choices ${big ? 'big' : ''} ${wide ? 'wide' : ''}`, 'data-field': name, 'data-path': path || '', 'aria-describedby': errId },
    h('legend', {}, legendText, required ? h('span', { class: 'req' }, ' *', h('span', { class: 'sr-only' }, ` (${t('form.required')})`)) : null),
    h('div', { class: 'choice-row' }, values.map((v) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: v, checked: v === value }),
      h('span', { class: 'choice-face' },
        icons[v] ? h('span', { class: 'choice-icon', 'aria-hidden': 'true' }, icons[v]) : null,
        h('span', {}, label(enumName, v)))))),
    h('p', { class: 'field-error', id: errId, hidden: true, 'aria-live': 'polite' }));
}

export function enumOptions(enumName, { blank } = {}) {
  const opts = enums[enumName].map((v) => [v, label(enumName, v)]);
  return blank ? [['', blank], ...opts] : opts;
}

export function precedenceField(value = 'PRIORITY') {
  return field({ name: 'precedence', kind: 'select', labelText: t('form.precedence'), options: enumOptions('Precedence'), value });
}

// The form's own message area (top) and its submit button.
export function formTop() { return h('div', { class: 'form-message', role: 'alert', hidden: true }); }
export function submitRow(text) {
  return h('div', { class: 'submit-row' },
    h('button', { type: 'submit', class: 'btn primary big' }, text || t('form.send')),
    h('p', { class: 'form-status', role: 'status' }));
}

export function val(form, name) {
  const el = form.elements[name];
  if (!el) return '';
  if (el instanceof RadioNodeList) return el.value;
  if (el.type === 'checkbox') return el.checked;
  return el.value.trim();
}

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) { p.hidden = true; p.textContent = ''; }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  for (const f of form.querySelectorAll('.field.has-error')) f.classList.remove('has-error');
  const top = form.querySelector('.form-message');
  if (top) { top.hidden = true; top.textContent = ''; top.className = 'form-message'; }
}

// Shows `message` next to the field `box` (an element with class .field).
function markBox(box, message) {
  box.classList.add('has-error');
  const p = box.querySelector('.field-error');
  p.textContent = `⚠ ${message}`;
  p.hidden = false;
  for (const c of box.querySelectorAll('input, select, textarea')) c.setAttribute('aria-invalid', 'true');
}

export function setError(form, name, message, scope) {
  const box = (scope || form).querySelector(`.field[data-field="${CSS.escape(name)}"]`);
  if (!box) { showTop(form, message, 'error'); return; }
  markBox(box, message);
}

export function showTop(form, message, tone = 'error', detail) {
  const top = form.querySelector('.form-message');
  top.textContent = '';
  top.append(message);
  if (detail) top.append(document.createElement('br'), Object.assign(document.createElement('small'), { textContent: detail }));
  top.className = `form-message ${tone}`;
  top.hidden = false;
}

// Moves focus to the first field in error, so a keyboard or screen-reader user lands on it.
export function focusFirstError(form) {
  const bad = form.querySelector('[aria-invalid="true"]') || form.querySelector('.form-message:not([hidden])');
  if (bad) { if (!bad.hasAttribute('tabindex') && bad.classList.contains('form-message')) bad.tabIndex = -1; bad.focus(); }
}

// An API refusal: next to the field whose proto path the detail names (the longest match),
// otherwise at the top of the form.
export function showApiError(form, err) {
  if (!(err instanceof ApiError) || err.status === 0) {
    showTop(form, t('err.network'));
    return;
  }
  const known = `err.code.${err.code}`;
  const sentence = t(known) !== known ? t(known) : t('err.api');
  const detail = err.detail ? `(${err.code}: ${err.detail})` : `(${err.code})`;
  const boxes = [...form.querySelectorAll('.field[data-path]')]
    .filter((b) => b.dataset.path && err.detail.includes(b.dataset.path))
    .sort((a, b) => b.dataset.path.length - a.dataset.path.length);
  if (boxes.length && (err.status === 422 || err.status === 400)) {
    markBox(boxes[0], `${sentence} ${detail}`);
    showTop(form, t('form.fix'));
  } else {
    showTop(form, sentence, 'error', detail);
  }
}

// Validation helpers: each returns an error message or ''.
const bytes = (s) => new TextEncoder().encode(s).length;
export function checkText(value, { required, max }) {
  if (required && !value) return t('err.required');
  if (max && bytes(value) > max) return t('err.toolong', { n: bytes(value), max });
  return '';
}
export const GM = /^GM\d{4}$/;
export const POINT = /^GM\d{4}-[A-Za-z0-9]+$/;
export const AREA = /^(GM\d{4}(-[A-Za-z0-9]+)?|VR\d{2})$/;
export function checkNumber(value, { integer, required } = {}) {
  if (value === '') return required ? t('err.required') : '';
  const n = Number(value.replace(',', '.'));
  if (!Number.isFinite(n) || n < 0) return t('err.number');
  if (integer && !Number.isInteger(n)) return t('err.integer');
  return '';
}
export const num = (value) => (value === '' ? 0 : Number(String(value).replace(',', '.')));

// Runs `checks` ([name, message] pairs with a message when wrong); on success posts the
// draft `build()` returns and reports the result in the form. Returns the PostResult or null.
export async function submitDraft(form, checks, build) {
  clearErrors(form);
  const errors = checks.filter(([, msg]) => msg);
  for (const [name, msg, scope] of errors) setError(form, name, msg, scope);
  if (errors.length) {
    showTop(form, t('form.fix'));
    focusFirstError(form);
    return null;
  }
  const button = form.querySelector('button[type=submit]');
  const status = form.querySelector('.form-status');
  button.disabled = true;
  status.textContent = t('form.sending');
  try {
    const result = await postDraft(build());
    const msg = t('form.sent', { time: fmtTime(Date.now()) });
    status.textContent = '';
    showTop(form, msg, 'ok', result.id ? `id ${result.id.slice(0, 12)}` : undefined);
    form.querySelector('.form-message').setAttribute('role', 'status');
    announce(msg);
    return result;
  } catch (err) {
    status.textContent = '';
    form.querySelector('.form-message').setAttribute('role', 'alert');
    showApiError(form, err);
    focusFirstError(form);
    return null;
  } finally {
    button.disabled = false;
  }
}
