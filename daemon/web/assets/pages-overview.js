// Overview: support points, needs board, sitreps by municipality and pillar, announcements.
import { h, clear, age, badge, fmtTime, fmtNumber } from './dom.js';
import { t, label, lang, enums } from './i18n.js';

export const CATEGORY_ICON = {
  DRINKING_WATER: '♒', FOOD: '☕', MEDICAL: '✚', POWER: '⚡', FUEL: '⛁', TRANSPORT: '⇄',
  SHELTER: '⌂', PEOPLE: '☺', COMMUNICATION: '☎', OTHER: '…',
};
export const CLOSED_STATES = ['FULFILLED', 'CANCELLED'];
export const isOpen = (n) => !CLOSED_STATES.includes(n.state);

export function pageHeader(titleKey, ...extra) {
  return h('div', { class: 'page-head' },
    h('h1', { tabindex: '-1' }, t(titleKey)),
    h('p', { class: 'updated', id: 'updated', 'aria-hidden': 'true' }), extra);
}

export function loadProblem(ctx) {
  if (!ctx.pictureError) return ctx.picture ? null : h('p', { class: 'loading' }, t('loading'));
  const e = ctx.pictureError;
  return h('div', { class: 'form-message error', role: 'alert' },
    t('load.failed', { reason: `${e.code}${e.detail ? `: ${e.detail}` : ''}` }), ' ',
    h('button', { type: 'button', class: 'btn', onclick: async () => { await ctx.loadPicture(null); ctx.rerender(); } }, t('retry')));
}

function sourceLine(src, opts) {
  if (!src) return null;
  return h('p', { class: 'source' },
    age(src.created_ms, opts),
    src.author_name || src.author_fingerprint ? h('span', { class: 'author' }, ' · ', t('by', { name: src.author_name || src.author_fingerprint })) : null);
}

function fact(name, value, extra) {
  return h('div', { class: 'fact' }, h('dt', {}, name), h('dd', {}, value, extra || null));
}

export function pointCard(p) {
  const s = p.status || null;
  const cond = p.condition || 'CONDITION_UNKNOWN';
  return h('article', { class: `card point cond-${cond.toLowerCase()}`, 'data-point': p.support_point },
    h('header', { class: 'card-head' },
      h('h3', {}, p.name || s?.name || p.support_point),
      badge('Condition', cond)),
    h('p', { class: 'meta' }, p.support_point, ' · ', p.municipality),
    s ? h('dl', { class: 'facts' },
      fact(t('pt.openness'), label('Openness', s.openness)),
      fact(t('pt.power'), label('PowerSource', s.power), s.power === 'GENERATOR' && s.fuel_hours ? ` (${t('pt.fuel', { h: fmtNumber(s.fuel_hours) })})` : ''),
      fact(t('pt.water'), label('Availability', s.drinking_water)),
      fact(t('pt.visitors'), fmtNumber(s.visitors || 0)),
      s.comms ? fact(t('pt.comms'), s.comms) : null,
      s.note ? fact(t('pt.note'), s.note) : null)
      : h('p', { class: 'muted' }, t('pt.nostatus')),
    p.source ? sourceLine(p.source, { stale: !!p.stale }) : null,
    h('p', { class: 'point-foot' },
      p.open_needs ? h('span', { class: 'pill' }, t('ov.openneeds', { n: p.open_needs })) : null,
      h('a', { href: `/notice/${encodeURIComponent(p.support_point)}?lang=${lang()}`, target: '_blank', rel: 'noopener' }, t('ov.noticeboard'))));
}

export function needCard(n, extra) {
  const state = n.state || 'NEED_OPEN';
  return h('article', { class: `card need state-${state.toLowerCase()} ${isOpen(n) ? '' : 'closed'}`, 'data-need': n.need_id },
    h('header', { class: 'card-head' },
      h('h3', {},
        h('span', { class: 'cat-icon', 'aria-hidden': 'true' }, CATEGORY_ICON[n.category] || '•'), ' ',
        label('NeedCategory', n.category),
        n.quantity ? h('span', { class: 'qty' }, ` · ${fmtNumber(n.quantity)} ${n.unit || ''}`) : null),
      h('span', { class: 'need-state' }, badge('NeedState', state))),
    h('p', { class: 'meta' },
      n.support_point_name || n.support_point, ' · ', n.municipality, ' · ',
      h('strong', { class: `urgency urg-${(n.urgency || '').toLowerCase()}` }, label('Urgency', n.urgency))),
    n.text ? h('p', { class: 'need-text' }, n.text) : null,
    n.has_restricted ? h('p', { class: 'sealed' }, h('span', { 'aria-hidden': 'true' }, '◆ '), t('need.sealed')) : null,
    n.assigned_to ? h('p', {}, t('need.assigned', { who: n.assigned_to })) : null,
    n.note ? h('p', { class: 'note' }, n.note) : null,
    n.state_since_ms && state !== 'NEED_OPEN' ? h('p', { class: 'muted' }, label('NeedState', state), ' ', t('need.state.since', { time: fmtTime(n.state_since_ms) })) : null,
    sourceLine(n.source, { staleS: 24 * 3600 }),
    extra || null);
}

function announcementCard(a) {
  const an = a.announcement || {};
  const pick = (lt) => (lang() === 'en' && lt?.en) ? lt.en : (lt?.nl || '');
  const l = lang() === 'en' && an.headline?.en ? 'en' : 'nl';
  return h('article', { class: `card announcement sev-${(an.severity || '').toLowerCase()}`, lang: l },
    h('header', { class: 'card-head' }, h('h3', {}, pick(an.headline)),
      h('span', { class: 'badge tone-info' }, label('CapSeverity', an.severity))),
    h('p', { class: 'meta' }, t('an.area.label', { area: an.audience_area || '' }), ' · ',
      t('an.valid', { from: fmtTime(a.effective_ms), until: fmtTime(a.expires_ms) })),
    h('p', {}, pick(an.text)),
    pick(an.instruction) ? h('p', { class: 'instruction' }, pick(an.instruction)) : null,
    sourceLine(a.source, { staleS: 24 * 3600 }));
}

function municipalitySection(m) {
  const byPillar = new Map(enums.Pillar.map((p) => [p, []]));
  for (const c of m.cells || []) (byPillar.get(c.pillar) || byPillar.set(c.pillar, []).get(c.pillar)).push(c);
  return h('section', { class: 'municipality', 'aria-labelledby': `m-${m.municipality}` },
    h('h3', { id: `m-${m.municipality}` }, m.municipality,
      h('span', { class: 'phase' }, ` · ${t('ov.phase')}: ${label('Phase', m.phase || 'PHASE_UNSPECIFIED')}`)),
    h('div', { class: 'pillars' }, [...byPillar].map(([pillar, cells]) => h('section', { class: 'pillar' },
      h('h4', {}, label('Pillar', pillar)),
      cells.length ? h('ul', { class: 'cells' }, cells.map((c) => h('li', { class: `cell sev-${(c.severity || '').toLowerCase()}` },
        h('p', { class: 'cell-head' }, h('strong', {}, c.topic), ' ', badge('Severity', c.severity)),
        h('p', {}, c.text),
        (c.counts || []).length ? h('ul', { class: 'counts' }, c.counts.map((k) => h('li', {}, `${k.label}: ${fmtNumber(k.value)}`))) : null,
        c.area ? h('p', { class: 'meta' }, `${t('ov.area')}: ${c.area}`) : null,
        sourceLine(c.source))))
        : h('p', { class: 'muted' }, t('ov.pillar.none'))))));
}

function section(id, titleKey, content, count) {
  return h('section', { class: 'block', id, 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, t(titleKey), count !== undefined ? h('span', { class: 'count' }, ` (${count})`) : null),
    content);
}

function body(ctx) {
  const p = ctx.picture;
  const wrap = h('div', { class: 'overview-body' });
  if (!p) return wrap;
  const needs = p.needs || [];
  const open = needs.filter(isOpen);
  const closed = needs.filter((n) => !isOpen(n));
  const active = (p.announcements || []).filter((a) => !a.state || a.state === 'ANNOUNCEMENT_ACTIVE');
  wrap.append(
    h('p', { class: 'summary' }, t('ov.summary', { points: (p.support_points || []).length, open: open.length, messages: p.message_count || 0 }),
      p.digest ? h('span', { class: 'digest', title: p.digest }, ` · ${t('ov.digest', { digest: p.digest.slice(0, 8) })}`) : null),
    section('points', 'ov.points', (p.support_points || []).length
      ? h('div', { class: 'grid' }, p.support_points.map(pointCard)) : h('p', { class: 'muted' }, t('ov.points.none')), (p.support_points || []).length),
    section('needs-board', 'ov.needs', h('div', {},
      open.length ? h('div', { class: 'grid' }, open.map((n) => needCard(n))) : h('p', { class: 'muted' }, t('ov.needs.none')),
      closed.length ? h('details', { class: 'closed-needs' }, h('summary', {}, t('ov.needs.closed', { n: closed.length })),
        h('div', { class: 'grid' }, closed.map((n) => needCard(n)))) : null), open.length),
    section('announcements', 'ov.announcements', active.length
      ? h('div', { class: 'grid' }, active.map(announcementCard)) : h('p', { class: 'muted' }, t('ov.announcements.none')), active.length),
    section('sitreps', 'ov.sitreps', (p.municipalities || []).length
      ? h('div', {}, p.municipalities.map(municipalitySection)) : h('p', { class: 'muted' }, t('ov.sitreps.none'))));
  return wrap;
}

export const overview = {
  render(ctx) {
    return h('div', { class: 'page overview' }, pageHeader('ov.title'), loadProblem(ctx), h('div', { id: 'ov-body' }, body(ctx)));
  },
  update(ctx) {
    const el = document.getElementById('ov-body');
    if (!el) return;
    // Keep open <details> open across updates.
    const openDetails = el.querySelector('details.closed-needs')?.open;
    clear(el).append(body(ctx));
    if (openDetails) { const d = el.querySelector('details.closed-needs'); if (d) d.open = true; }
  },
};
