// Small DOM helpers: elements are built with createElement and textContent only (no HTML
// strings: nothing a message says can become markup, and the CSP needs no exceptions).
import { t, lang, label } from './i18n.js';

// h('p', {class: 'x', onclick: fn, 'aria-live': 'polite'}, 'text', child, [more])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

// The node's clock: the picture's as_of_ms tells how far ours is off.
let offsetMs = 0;
export function setServerTime(serverMs) { if (serverMs) offsetMs = Number(serverMs) - Date.now(); }
export function now() { return Date.now() + offsetMs; }

function locale() { return lang() === 'en' ? 'en-GB' : 'nl-NL'; }

// 24-hour local time; the date too when it is not today.
export function fmtTime(ms) {
  if (!ms) return t('none');
  const d = new Date(Number(ms));
  const time = d.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', hour12: false });
  if (new Date(now()).toDateString() === d.toDateString()) return time;
  const date = d.toLocaleDateString(locale(), { weekday: 'short', day: 'numeric', month: 'short' });
  return `${date} ${time}`;
}

export function fmtAge(seconds) {
  const s = Math.floor(Number(seconds));
  if (s < -60) return t('age.future', { n: Math.ceil(-s / 60) });
  if (s < 60) return t('age.now');
  const m = Math.floor(s / 60);
  if (m < 60) return t('age.min', { n: m });
  const hrs = Math.floor(m / 60);
  if (hrs < 6) return t('age.hour', { h: hrs, m: m % 60 });
  if (hrs < 48) return t('age.hours', { h: hrs });
  return t('age.days', { d: Math.floor(hrs / 24) });
}

export const STALE_S = 6 * 3600;

// "14:05 · 12 min geleden", kept current by tickAges(); marked stale past `staleS`.
export function age(createdMs, { staleS = STALE_S, stale } = {}) {
  const el = h('span', { class: 'age', 'data-created': String(createdMs || 0), 'data-stale-s': String(staleS) });
  if (stale !== undefined) el.dataset.staleFlag = stale ? '1' : '0';
  renderAge(el);
  return el;
}

function renderAge(el) {
  const created = Number(el.dataset.created);
  clear(el);
  if (!created) { el.textContent = t('none'); return; }
  const secs = (now() - created) / 1000;
  const isStale = el.dataset.staleFlag ? el.dataset.staleFlag === '1' : secs > Number(el.dataset.staleS);
  el.classList.toggle('is-stale', isStale);
  append(el, [h('time', { datetime: new Date(created).toISOString() }, fmtTime(created)), ' · ', fmtAge(secs)]);
  if (isStale) append(el, [' ', h('span', { class: 'stale-tag', title: t('stale.hint') }, '⚠ ', t('stale'))]);
}

export function tickAges(root = document) {
  for (const el of root.querySelectorAll('.age[data-created]')) renderAge(el);
}

// A coloured badge that also says what it means in words and with a symbol.
const ICON = {
  CONDITION_OK: '✓', CONDITION_STRAINED: '!', CONDITION_CRITICAL: '✕', CONDITION_UNKNOWN: '?',
  NEED_OPEN: '●', ACKNOWLEDGED: '◉', IN_PROGRESS: '➜', FULFILLED: '✓', CANCELLED: '✕',
  NORMAL: '✓', DEGRADED: '!', DISRUPTED: '!!', FAILED: '✕',
};
export function badge(enumName, value, tone) {
  const v = value || (enumName === 'Condition' ? 'CONDITION_UNKNOWN' : '');
  return h('span', { class: `badge tone-${tone || v.toLowerCase()}` },
    h('span', { 'aria-hidden': 'true', class: 'badge-icon' }, ICON[v] || '•'), ' ', label(enumName, v));
}

export function announce(message) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = message; }, 50);
}

export function fmtBytes(n) {
  const v = Number(n || 0);
  if (v < 1024) return `${v} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toFixed(1)} KiB`;
  if (v < 1024 ** 3) return `${(v / 1024 / 1024).toFixed(1)} MiB`;
  return `${(v / 1024 ** 3).toFixed(2)} GiB`;
}

export function fmtNumber(n) {
  return Number(n || 0).toLocaleString(locale(), { maximumFractionDigits: 2 });
}
