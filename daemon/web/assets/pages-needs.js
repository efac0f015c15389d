// Needs: staff acknowledge and move them on (ACKNOWLEDGED → IN_PROGRESS → FULFILLED /
// CANCELLED, never backwards); an operator sees how far their point's needs are.
import { h, clear, badge, fmtTime } from './dom.js';
import { t, label, enums } from './i18n.js';
import { field, formTop, submitRow, val, checkText, submitDraft } from './forms.js';
import { hexToBase64 } from './api.js';
import { pageHeader, loadProblem, needCard, isOpen } from './pages-overview.js';
import { scopeMunicipality } from './pages-forms.js';

const RANK = { NEED_STATE_UNSPECIFIED: 1, NEED_OPEN: 1, ACKNOWLEDGED: 2, IN_PROGRESS: 3, FULFILLED: 4, CANCELLED: 4 };
const NEXT_ICON = { ACKNOWLEDGED: '◉', IN_PROGRESS: '➜', FULFILLED: '✓', CANCELLED: '✕' };

function isStaff(s) { return s.role === 'municipal-staff' || s.role === 'region-staff' || !s.role; }
function mayUpdate(s, need) {
  if (s.role === 'region-staff' || !s.role) return true;
  return s.role === 'municipal-staff' && need.municipality === s.scope;
}
function nextStates(need) {
  const r = RANK[need.state || 'NEED_OPEN'];
  return enums.NeedState.filter((st) => RANK[st] > r);
}

let filter = 'open';

function updateForm(ctx, need, state, card) {
  const form = h('form', { class: 'form inline-update', novalidate: true },
    formTop(),
    h('p', {}, t('nd.update'), ' ', badge('NeedState', state)),
    field({ name: 'note', kind: 'textarea', labelText: t('nd.note'), path: 'need_update.note', attrs: { rows: 2 } }),
    field({ name: 'assigned_to', labelText: t('nd.assigned'), hint: t('nd.assigned.hint'), path: 'need_update.assigned_to', value: need.assigned_to || '', attrs: { maxlength: 128 } }),
    h('div', { class: 'submit-row' },
      h('button', { type: 'submit', class: 'btn primary' }, t('nd.confirm', { state: label('NeedState', state) })),
      h('button', { type: 'button', class: 'btn', onclick: () => close() }, t('nd.cancel')),
      h('p', { class: 'form-status', role: 'status' })));
  const close = () => { card.classList.remove('editing'); form.remove(); card.querySelector('.need-actions button')?.focus(); };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const checks = [
      ['note', checkText(val(form, 'note'), { max: 4000 })],
      ['assigned_to', checkText(val(form, 'assigned_to'), { max: 128 })],
    ];
    const result = await submitDraft(form, checks, () => ({
      precedence: need.source?.precedence || 'PRIORITY',
      body: { need_update: {
        need: hexToBase64(need.need_id), state, note: val(form, 'note'),
        assigned_to: val(form, 'assigned_to'),
        municipality: need.municipality,  // whose staff may update it: the need's own
      } },
    }));
    if (result) {
      // Optimistic: show the new state until the picture confirms it.
      card.classList.remove('editing');
      const badgeBox = card.querySelector('.need-state');
      if (badgeBox) clear(badgeBox).append(badge('NeedState', state));
      for (const b of card.querySelectorAll('.need-actions button')) b.disabled = true;
      setTimeout(() => form.remove(), 4000);
    }
  });
  return form;
}

function actions(ctx, need, cardRef) {
  const s = ctx.session;
  if (!isStaff(s) || !mayUpdate(s, need)) return null;
  const next = nextStates(need);
  if (!next.length) return null;
  return h('div', { class: 'need-actions', role: 'group', 'aria-label': t('nd.update') },
    next.map((st) => h('button', {
      type: 'button', class: `btn ${st === 'ACKNOWLEDGED' ? 'primary' : ''}`, 'data-state': st,
      onclick: () => {
        const card = cardRef();
        card.querySelector('.inline-update')?.remove();
        card.classList.add('editing');
        const f = updateForm(ctx, need, st, card);
        card.append(f);
        f.querySelector('textarea').focus();
      },
    }, h('span', { 'aria-hidden': 'true' }, NEXT_ICON[st] || ''), ' ', label('NeedState', st))));
}

function history(need) {
  const ups = need.updates || [];
  if (!ups.length) return null;
  return h('details', { class: 'history' }, h('summary', {}, t('need.history'), ` (${ups.length})`),
    h('ol', {}, ups.map((u) => h('li', { class: u.counted === false ? 'ignored' : '' },
      label('NeedState', u.state), ' · ', fmtTime(u.source?.created_ms),
      u.source?.author_name ? ` · ${u.source.author_name}` : '',
      u.assigned_to ? ` · ${t('need.assigned', { who: u.assigned_to })}` : '',
      u.note ? ` · ${u.note}` : '',
      u.counted === false ? ` (${t('need.ignored')})` : ''))));
}

function visibleNeeds(ctx) {
  const s = ctx.session;
  let list = ctx.picture?.needs || [];
  if (s.role === 'support-point-operator') list = list.filter((n) => n.support_point === s.scope);
  else if (s.role === 'municipal-staff') list = list.filter((n) => n.municipality === scopeMunicipality(s));
  if (filter === 'open') list = list.filter(isOpen);
  return list;
}

// What a card shows, without the time fields that change on every fetch.
const fingerprint = (n) => JSON.stringify(n, (k, v) => (k === 'age_s' ? undefined : v));

function card(ctx, need) {
  let el;
  el = needCard(need, [history(need), actions(ctx, need, () => el)]);
  el.dataset.json = fingerprint(need);
  return el;
}

// Replaces the cards whose need changed, leaving alone any card someone is editing.
function renderList(ctx, list) {
  const needs = visibleNeeds(ctx);
  if (!needs.length) { clear(list).append(h('p', { class: 'muted' }, t('nd.none'))); return; }
  const old = new Map([...list.querySelectorAll('[data-need]')].map((c) => [c.dataset.need, c]));
  const box = h('div', { class: 'grid' });
  for (const n of needs) {
    const prev = old.get(n.need_id);
    const json = fingerprint(n);
    if (prev && (prev.classList.contains('editing') || prev.dataset.json === json)) box.append(prev);
    else box.append(card(ctx, n));
  }
  clear(list).append(box);
}

export const needs = {
  render(ctx) {
    const s = ctx.session;
    const list = h('div', { id: 'needs-list', 'aria-live': 'polite' });
    const filterBox = h('fieldset', { class: 'filter' }, h('legend', {}, t('nd.filter')),
      ['open', 'all'].map((f) => h('label', { class: 'inline' },
        h('input', { type: 'radio', name: 'needs-filter', value: f, checked: filter === f, onchange: () => { filter = f; renderList(ctx, list); } }),
        ' ', t(`nd.filter.${f}`))));
    renderList(ctx, list);
    return h('div', { class: 'page needs' },
      pageHeader('nd.title'),
      loadProblem(ctx),
      s.role === 'support-point-operator' ? h('p', { class: 'intro' }, t('nd.mine'), ' ', t('nd.readonly')) : null,
      filterBox, list);
  },
  update(ctx) {
    const list = document.getElementById('needs-list');
    if (list) renderList(ctx, list);
  },
};
