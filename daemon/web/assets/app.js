// The Baken web UI: hash routes, the session, the picture and its live updates.
// Pages are in pages-*.js; each exports {title, render(ctx), update?(ctx, parts)}.
import { t, lang, setLang } from './i18n.js';
import { h, clear, tickAges, setServerTime, announce, fmtTime } from './dom.js';
import * as api from './api.js';
import { overview } from './pages-overview.js';
import { sitrep, report, announcement } from './pages-forms.js';
import { needs } from './pages-needs.js';
import { mesh } from './pages-mesh.js';
import { signInPage } from './pages-signin.js';

const PAGES = { overview, sitrep, report, needs, announce: announcement, mesh };

// What each role sees in the menu (a node without a credential yet sees everything; the
// daemon refuses what the role may not post, with a message next to the form).
const MENUS = {
  'support-point-operator': ['overview', 'report', 'needs', 'mesh'],
  'municipal-staff': ['overview', 'sitrep', 'needs', 'announce', 'mesh'],
  'region-staff': ['overview', 'sitrep', 'needs', 'announce', 'mesh'],
  'relay-only': ['overview', 'mesh'],
};
const NAV_KEY = { overview: 'nav.overview', sitrep: 'nav.sitrep', report: 'nav.report', needs: 'nav.needs', announce: 'nav.announce', mesh: 'nav.mesh' };

const ctx = {
  session: { signed_in: false, sign_in_required: false },
  picture: null,        // the whole Picture, parts replaced as they change
  pictureError: null,
  live: 'connecting',
  rerender: () => render(),
  refreshSession,
  loadPicture,
};

function route() {
  const name = (location.hash.replace(/^#\/?/, '').split('?')[0]) || defaultPage();
  return PAGES[name] ? name : defaultPage();
}
function defaultPage() { return 'overview'; }
function menu() { return MENUS[ctx.session.role] || Object.keys(PAGES); }
function needsSignIn() { return ctx.session.sign_in_required && !ctx.session.signed_in; }

// ---- header ----------------------------------------------------------------------------
function renderHeader() {
  const header = clear(document.getElementById('header'));
  const s = ctx.session;
  const roleText = s.role ? t(`role.${s.role}`) : t('role.none');
  header.append(
    h('div', { class: 'bar' },
      h('a', { class: 'brand', href: '#/overview' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '◉'), ' ', t('app.title')),
      h('p', { class: 'who' },
        h('span', { class: 'node-name' }, s.node_name || ''),
        s.role !== undefined ? h('span', { class: 'role' }, ` · ${roleText}${s.scope ? ` ${s.scope}` : ''}`) : null),
      h('p', { class: `live live-${ctx.live}`, id: 'live' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), ' ', t(`live.${ctx.live}`)),
      h('div', { class: 'lang', role: 'group', 'aria-label': t('lang.switch') },
        ['nl', 'en'].map((l) => h('button', {
          type: 'button', class: 'btn lang-btn', lang: l, 'aria-pressed': String(lang() === l),
          'aria-label': `${t(`lang.${l}`)} – ${t(`lang.${l}.long`)}`, 'data-lang': l, onclick: () => switchLang(l),
        }, t(`lang.${l}`)))),
      s.signed_in && s.sign_in_required ? h('button', { type: 'button', class: 'btn', onclick: doSignOut }, t('signout')) : null),
    needsSignIn() ? null : h('nav', { 'aria-label': t('nav.label') },
      h('ul', {}, menu().map((p) => h('li', {},
        h('a', { href: `#/${p}`, 'aria-current': route() === p ? 'page' : null }, t(NAV_KEY[p])))))));
}

function switchLang(l) {
  if (l === lang()) return;
  setLang(l);
  render({ keepFocus: true });
  document.querySelector(`.lang-btn[data-lang="${l}"]`)?.focus();
}

async function doSignOut() {
  try { await api.signOut(); } catch { /* the cookie goes anyway on reload */ }
  await refreshSession();
  render();
}

// ---- pages -------------------------------------------------------------------------------
let shown = null;  // {name, page}

function render({ keepFocus } = {}) {
  document.title = `${t('app.title')} · ${ctx.session.node_name || ''}`;
  renderHeader();
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('skip');
  const main = clear(document.getElementById('main'));
  if (needsSignIn()) {
    shown = null;
    main.append(signInPage.render(ctx));
    if (!keepFocus) main.querySelector('h1')?.focus();
    return;
  }
  const name = route();
  const page = PAGES[name];
  shown = { name, page };
  main.append(page.render(ctx));
  if (!keepFocus) main.querySelector('h1')?.focus();
}

// ---- the picture and live updates --------------------------------------------------------
let loadingRetry = null;  // one pending retry while the node reads its picture
async function loadPicture(parts) {
  try {
    if (!parts || !ctx.picture || parts.length > 2) {
      const p = await api.get(api.picturePath());
      ctx.picture = p;
    } else {
      for (const part of parts) {
        if (!api.PARTS.includes(part)) continue;
        const p = await api.get(api.picturePath(part));
        ctx.picture[part] = p[part] || [];
        if (p.as_of_ms) ctx.picture.as_of_ms = p.as_of_ms;
        if (p.digest) ctx.picture.digest = p.digest;
        if (p.message_count) ctx.picture.message_count = p.message_count;
      }
    }
    for (const part of api.PARTS) ctx.picture[part] ||= [];
    setServerTime(ctx.picture.as_of_ms);
    ctx.pictureError = null;
  } catch (err) {
    ctx.pictureError = err;
    if (err.status === 401 || err.status === 403) await refreshSession();
    // The node has just started and is still reading its picture: ask again shortly (the live
    // stream also says when it is whole).
    if (err.status === 503 && err.code === 'picture_loading' && !loadingRetry) {
      loadingRetry = setTimeout(() => { loadingRetry = null; pictureChanged(null); }, 1000);
    }
  }
}

async function pictureChanged(parts) {
  await loadPicture(parts);
  if (!shown) { render(); return; }
  if (shown.page.update) shown.page.update(ctx, parts || api.PARTS);
  else { const main = document.getElementById('main'); clear(main).append(shown.page.render(ctx)); }
  const stamp = document.getElementById('updated');
  if (stamp) stamp.textContent = t('updated', { time: fmtTime(Date.now()) });
  politeAnnounce();
}

let lastAnnounce = 0;
function politeAnnounce() {
  if (Date.now() - lastAnnounce < 30000) return;  // a screen reader hears it, not every time
  lastAnnounce = Date.now();
  announce(t('updated.announce'));
}

let source = null;
let pending = null;
let pendingParts = new Set();
let pollTimer = null;

function setLive(state) {
  if (ctx.live === state) return;
  ctx.live = state;
  const el = document.getElementById('live');
  if (el) { el.className = `live live-${state}`; el.lastChild.textContent = t(`live.${state}`); }
  clearInterval(pollTimer);
  // Without a live stream the page still refreshes, slowly (battery).
  if (state === 'offline') pollTimer = setInterval(() => pictureChanged(null), 30000);
}

function connectEvents() {
  if (source || needsSignIn() || !('EventSource' in window)) { if (!('EventSource' in window)) setLive('offline'); return; }
  source = new EventSource('/api/v1/picture/events', { withCredentials: true });
  let wasDown = false;
  source.addEventListener('open', () => {
    setLive('live');
    if (wasDown) pictureChanged(null);  // changes while away were missed: fetch all
    wasDown = false;
  });
  source.addEventListener('error', () => { wasDown = true; setLive('offline'); });
  source.addEventListener('change', (ev) => {
    let change = {};
    try { change = JSON.parse(ev.data); } catch { /* take it as "everything" */ }
    for (const p of change.parts || api.PARTS) pendingParts.add(p);
    // Changes come in bursts during a sync: gather them for a quarter of a second.
    clearTimeout(pending);
    pending = setTimeout(() => {
      const parts = [...pendingParts];
      pendingParts = new Set();
      pictureChanged(parts.length ? parts : null);
    }, 250);
  });
}

async function refreshSession() {
  try {
    const s = await api.session();
    ctx.session = s;
    api.setCsrf(s.csrf_token);
  } catch (err) {
    // No session route (an older daemon): the API is then reachable only with a token.
    ctx.session = { signed_in: false, sign_in_required: false, error: err };
  }
}

async function start() {
  setLang(lang());
  await refreshSession();
  render();
  if (!needsSignIn()) {
    await loadPicture(null);
    if (shown) render({ keepFocus: true });
    connectEvents();
  }
  window.addEventListener('hashchange', () => render());
  // The skip link must not become a route: it only moves focus.
  document.querySelector('.skip')?.addEventListener('click', (e) => { e.preventDefault(); document.getElementById('main').focus(); });
  setInterval(() => tickAges(), 30000);
}

// After a sign-in the page starts over.
ctx.afterSignIn = async () => {
  await refreshSession();
  await loadPicture(null);
  render();
  connectEvents();
};

start();
