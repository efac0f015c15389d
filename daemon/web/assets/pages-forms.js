// The posting pages: situation report (staff), status and needs (operator), announcement.
import { h, clear, fmtTime, now } from './dom.js';
import { t, label, lang, enums } from './i18n.js';
import {
  field, choices, enumOptions, precedenceField, formTop, submitRow, val, checkText, checkNumber,
  num, submitDraft, GM, POINT, AREA,
} from './forms.js';
import { pageHeader, needCard, CATEGORY_ICON, isOpen } from './pages-overview.js';

const SHORT = 128, HEADLINE = 256, LONG = 4000;

// The municipality an operator's or a municipal staff's scope belongs to.
export function scopeMunicipality(session) {
  const m = /^(GM\d{4})/.exec(session.scope || '');
  return m ? m[1] : '';
}
function scopePoint(session) {
  return session.role === 'support-point-operator' && POINT.test(session.scope || '') ? session.scope : '';
}
const gmCheck = (v) => (!v ? t('err.required') : GM.test(v) ? '' : t('err.gm'));

// ---- situation report ---------------------------------------------------------------------
function entryBlock(i, onRemove) {
  const n = i + 1;
  const box = h('fieldset', { class: 'entry', 'data-entry': String(i) },
    h('legend', {}, t('sr.entry', { n })),
    h('div', { class: 'row' },
      field({ name: `pillar-${i}`, kind: 'select', labelText: t('sr.pillar'), required: true, path: 'sitrep.entries.pillar', options: enumOptions('Pillar', { blank: '—' }) }),
      field({ name: `severity-${i}`, kind: 'select', labelText: t('sr.severity'), required: true, path: 'sitrep.entries.severity', options: enumOptions('Severity', { blank: '—' }) })),
    field({ name: `topic-${i}`, labelText: t('sr.topic'), hint: t('sr.topic.hint'), required: true, path: 'sitrep.entries.topic', attrs: { list: 'topics', maxlength: SHORT, autocomplete: 'off' } }),
    field({ name: `text-${i}`, kind: 'textarea', labelText: t('sr.text'), required: true, path: 'sitrep.entries.text', attrs: { rows: 3 } }),
    h('div', { class: 'row' },
      field({ name: `clabel-${i}`, labelText: t('sr.count.label'), hint: t('sr.count'), path: 'sitrep.entries.counts.label', attrs: { maxlength: SHORT } }),
      field({ name: `cvalue-${i}`, kind: 'number', labelText: t('sr.count.value'), path: 'sitrep.entries.counts.value', attrs: { min: 0, step: 1, inputmode: 'numeric' } })),
    i > 0 ? h('button', { type: 'button', class: 'btn subtle', onclick: () => onRemove(box) }, t('sr.remove', { n })) : null);
  return box;
}

export const sitrep = {
  render(ctx) {
    const s = ctx.session;
    const entries = h('div', { class: 'entries' });
    let next = 0;
    const remove = (box) => { box.remove(); entries.querySelector('select')?.focus(); };
    const add = () => { const b = entryBlock(next++, remove); entries.append(b); return b; };
    add();
    const form = h('form', { class: 'form', novalidate: true },
      formTop(),
      h('div', { class: 'row' },
        field({ name: 'municipality', labelText: t('form.municipality'), hint: t('form.municipality.hint'), required: true, path: 'sitrep.municipality', value: scopeMunicipality(s), attrs: { maxlength: 6, autocapitalize: 'characters', autocomplete: 'off' } }),
        field({ name: 'phase', kind: 'select', labelText: t('sr.phase'), required: true, path: 'sitrep.phase', options: enumOptions('Phase', { blank: '—' }) })),
      field({ name: 'area', labelText: t('sr.area'), hint: t('sr.area.hint'), path: 'sitrep.area', attrs: { maxlength: SHORT } }),
      h('h2', {}, t('sr.entries')),
      entries,
      h('button', { type: 'button', class: 'btn', onclick: () => add().querySelector('select').focus() }, '+ ', t('sr.add')),
      h('datalist', { id: 'topics' }, ['power', 'drinking-water', 'sewerage', 'waste', 'transport', 'fuel', 'gbt', 'communication', 'public-health', 'shelter']
        .map((v) => h('option', { value: v }))),
      h('details', { class: 'restricted' }, h('summary', {}, t('form.restricted')),
        field({ name: 'restricted', kind: 'textarea', labelText: t('form.restricted'), hint: t('form.restricted.hint'), path: 'restricted_text' })),
      precedenceField('PRIORITY'),
      submitRow());
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const boxes = [...entries.querySelectorAll('.entry')];
      const checks = [
        ['municipality', gmCheck(val(form, 'municipality').toUpperCase())],
        ['phase', val(form, 'phase') ? '' : t('err.choose')],
        ['area', checkText(val(form, 'area'), { max: SHORT })],
      ];
      for (const b of boxes) {
        const i = b.dataset.entry;
        checks.push([`pillar-${i}`, val(form, `pillar-${i}`) ? '' : t('err.choose')]);
        checks.push([`severity-${i}`, val(form, `severity-${i}`) ? '' : t('err.choose')]);
        checks.push([`topic-${i}`, checkText(val(form, `topic-${i}`), { required: true, max: SHORT })]);
        checks.push([`text-${i}`, checkText(val(form, `text-${i}`), { required: true, max: LONG })]);
        const cl = val(form, `clabel-${i}`), cv = val(form, `cvalue-${i}`);
        checks.push([`cvalue-${i}`, cl && cv === '' ? t('err.required') : checkNumber(cv, { integer: true })]);
        checks.push([`clabel-${i}`, cv !== '' && !cl ? t('err.required') : checkText(cl, { max: SHORT })]);
      }
      const result = await submitDraft(form, checks, () => ({
        precedence: val(form, 'precedence'),
        restricted_text: val(form, 'restricted') || undefined,
        body: { sitrep: {
          municipality: val(form, 'municipality').toUpperCase(),
          area: val(form, 'area'),
          phase: val(form, 'phase'),
          entries: boxes.map((b) => {
            const i = b.dataset.entry;
            const cl = val(form, `clabel-${i}`);
            return {
              pillar: val(form, `pillar-${i}`), topic: val(form, `topic-${i}`),
              severity: val(form, `severity-${i}`), text: val(form, `text-${i}`),
              counts: cl ? [{ label: cl, value: String(Math.round(num(val(form, `cvalue-${i}`)))) }] : [],
            };
          }),
        } },
      }));
      if (result) {
        for (const b of boxes.slice(1)) b.remove();
        for (const el of entries.querySelectorAll('input, textarea, select')) el.value = '';
        form.elements.restricted.value = '';
      }
    });
    return h('div', { class: 'page' }, pageHeader('sr.title'), h('p', { class: 'intro' }, t('sr.intro')), form);
  },
};

// ---- status and needs (operator) ----------------------------------------------------------
const OPEN_ICON = { OPEN: '✓', LIMITED: '◐', CLOSED: '✕' };
const POWER_ICON = { GRID: '⌁', GENERATOR: '⚙', BATTERY: '▭', SOLAR: '☀', NO_POWER: '✕' };
const WATER_ICON = { AVAILABLE: '♒', SCARCE: '◐', UNAVAILABLE: '✕' };
const URGENCY_ICON = { WITHIN_HOURS: '◷', TODAY: '☀', THIS_WEEK: '▦' };
const URGENCY_PRECEDENCE = { WITHIN_HOURS: 'IMMEDIATE', TODAY: 'PRIORITY', THIS_WEEK: 'ROUTINE' };

function pointFields(s, prefix) {
  // An operator's node knows its point from its credential; otherwise ask.
  if (scopePoint(s)) return null;
  return h('div', { class: 'row' },
    field({ name: 'point', labelText: t('form.point'), hint: t('form.point.hint'), required: true, path: `${prefix}.support_point`, attrs: { maxlength: SHORT, autocomplete: 'off' } }),
    field({ name: 'municipality', labelText: t('form.municipality'), hint: t('form.municipality.hint'), required: true, path: `${prefix}.municipality`, value: scopeMunicipality(s), attrs: { maxlength: 6 } }));
}
function pointOf(form, s) {
  const point = scopePoint(s);
  if (point) return { point, municipality: scopeMunicipality(s) };
  return { point: val(form, 'point'), municipality: val(form, 'municipality').toUpperCase() };
}
function pointChecks(form, s) {
  if (scopePoint(s)) return [];
  const v = val(form, 'point');
  return [['point', !v ? t('err.required') : POINT.test(v) ? '' : t('err.point')],
    ['municipality', gmCheck(val(form, 'municipality').toUpperCase())]];
}

function statusForm(ctx) {
  const s = ctx.session;
  const point = scopePoint(s);
  const current = (ctx.picture?.support_points || []).find((p) => p.support_point === point)?.status || {};
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'status-h' },
    h('h2', { id: 'status-h' }, t('rp.status')),
    formTop(),
    pointFields(s, 'support_point_status'),
    choices({ name: 'openness', legendText: t('rp.openness'), values: enums.Openness, enumName: 'Openness', path: 'support_point_status.openness', value: current.openness, icons: OPEN_ICON }),
    choices({ name: 'power', legendText: t('rp.power'), values: enums.PowerSource, enumName: 'PowerSource', path: 'support_point_status.power', value: current.power, icons: POWER_ICON }),
    field({ name: 'fuel', kind: 'number', labelText: t('rp.fuel'), path: 'support_point_status.fuel_hours', value: current.fuel_hours || '', attrs: { min: 0, step: 'any', inputmode: 'decimal' }, cls: 'short' }),
    choices({ name: 'water', legendText: t('rp.water'), values: enums.Availability, enumName: 'Availability', path: 'support_point_status.drinking_water', value: current.drinking_water, icons: WATER_ICON }),
    field({ name: 'visitors', kind: 'number', labelText: t('rp.visitors'), path: 'support_point_status.visitors', value: current.visitors ?? '', attrs: { min: 0, step: 1, inputmode: 'numeric' }, cls: 'short' }),
    field({ name: 'note', kind: 'textarea', labelText: t('rp.note'), path: 'support_point_status.note', attrs: { rows: 2 } }),
    h('details', {}, h('summary', {}, t('rp.more')),
      field({ name: 'name', labelText: t('rp.name'), path: 'support_point_status.name', value: current.name || '', attrs: { maxlength: SHORT } }),
      field({ name: 'comms', labelText: t('rp.comms'), path: 'support_point_status.comms', value: current.comms || '', attrs: { maxlength: SHORT } }),
      h('div', { class: 'row' },
        field({ name: 'lat', kind: 'number', labelText: t('rp.lat'), path: 'support_point_status.latitude', value: current.latitude || '', attrs: { step: 'any', inputmode: 'decimal' } }),
        field({ name: 'lon', kind: 'number', labelText: t('rp.lon'), path: 'support_point_status.longitude', value: current.longitude || '', attrs: { step: 'any', inputmode: 'decimal' } }))),
    submitRow(t('rp.send.status')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const lat = val(form, 'lat'), lon = val(form, 'lon');
    const checks = [
      ...pointChecks(form, s),
      ['openness', val(form, 'openness') ? '' : t('err.choose')],
      ['power', val(form, 'power') ? '' : t('err.choose')],
      ['fuel', checkNumber(val(form, 'fuel'))],
      ['water', val(form, 'water') ? '' : t('err.choose')],
      ['visitors', checkNumber(val(form, 'visitors'), { integer: true })],
      ['note', checkText(val(form, 'note'), { max: LONG })],
      ['name', checkText(val(form, 'name'), { max: SHORT })],
      ['comms', checkText(val(form, 'comms'), { max: SHORT })],
      ['lat', lat !== '' && !(Math.abs(Number(lat)) <= 90) ? t('err.lat') : ''],
      ['lon', lon !== '' && !(Math.abs(Number(lon)) <= 180) ? t('err.lon') : ''],
    ];
    const where = pointOf(form, s);
    await submitDraft(form, checks, () => ({
      precedence: val(form, 'openness') === 'CLOSED' || val(form, 'power') === 'NO_POWER' || val(form, 'water') === 'UNAVAILABLE' ? 'IMMEDIATE' : 'PRIORITY',
      body: { support_point_status: {
        support_point: where.point, municipality: where.municipality,
        openness: val(form, 'openness'), power: val(form, 'power'), fuel_hours: num(val(form, 'fuel')),
        drinking_water: val(form, 'water'), visitors: Math.round(num(val(form, 'visitors'))),
        comms: val(form, 'comms'), note: val(form, 'note'), name: val(form, 'name'),
        latitude: num(lat), longitude: num(lon),
      } },
    }));
  });
  return form;
}

function needForm(ctx) {
  const s = ctx.session;
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'need-h', id: 'need-form' },
    h('h2', { id: 'need-h' }, t('rp.need')),
    formTop(),
    pointFields(s, 'need'),
    choices({ name: 'category', legendText: t('rp.category'), values: enums.NeedCategory, enumName: 'NeedCategory', path: 'need.category', icons: CATEGORY_ICON, wide: true }),
    h('div', { class: 'row' },
      field({ name: 'quantity', kind: 'number', labelText: t('rp.quantity'), path: 'need.quantity', attrs: { min: 0, step: 'any', inputmode: 'decimal' } }),
      field({ name: 'unit', labelText: t('rp.unit'), hint: t('rp.unit.hint'), path: 'need.unit', attrs: { list: 'units', maxlength: SHORT } })),
    h('datalist', { id: 'units' }, (lang() === 'en' ? ['litres', 'items', 'people', 'meals', 'hours'] : ['liter', 'stuks', 'personen', 'maaltijden', 'uur']).map((v) => h('option', { value: v }))),
    choices({ name: 'urgency', legendText: t('rp.urgency'), values: enums.Urgency, enumName: 'Urgency', path: 'need.urgency', icons: URGENCY_ICON }),
    field({ name: 'text', kind: 'textarea', labelText: t('rp.text'), path: 'need.text', attrs: { rows: 3 } }),
    field({ name: 'flash', kind: 'checkbox', labelText: t('rp.flash'), cls: 'check' }),
    h('details', { class: 'restricted' }, h('summary', {}, h('span', { 'aria-hidden': 'true' }, '◆ '), t('form.restricted')),
      field({ name: 'restricted', kind: 'textarea', labelText: t('form.restricted'), hint: t('form.restricted.hint'), path: 'restricted_text' })),
    submitRow(t('rp.send.need')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const qty = val(form, 'quantity');
    const checks = [
      ...pointChecks(form, s),
      ['category', val(form, 'category') ? '' : t('err.choose')],
      ['quantity', checkNumber(qty)],
      ['unit', checkText(val(form, 'unit'), { max: SHORT })],
      ['urgency', val(form, 'urgency') ? '' : t('err.choose')],
      ['text', checkText(val(form, 'text'), { max: LONG })],
      ['restricted', checkText(val(form, 'restricted'), { max: LONG })],
    ];
    const where = pointOf(form, s);
    const result = await submitDraft(form, checks, () => ({
      precedence: val(form, 'flash') ? 'FLASH' : URGENCY_PRECEDENCE[val(form, 'urgency')] || 'PRIORITY',
      restricted_text: val(form, 'restricted') || undefined,
      body: { need: {
        support_point: where.point, municipality: where.municipality,
        category: val(form, 'category'), quantity: num(qty), unit: val(form, 'unit'),
        urgency: val(form, 'urgency'), text: val(form, 'text'),
      } },
    }));
    if (result) {
      for (const el of form.querySelectorAll('input[type=radio]')) el.checked = false;
      for (const name of ['quantity', 'unit', 'text', 'restricted']) form.elements[name].value = '';
      form.elements.flash.checked = false;
    }
  });
  return form;
}

// The operator's own needs, with their state.
export function myNeeds(ctx, point) {
  const mine = (ctx.picture?.needs || []).filter((n) => !point || n.support_point === point);
  if (!mine.length) return h('p', { class: 'muted' }, t('rp.mine.none'));
  const sorted = [...mine.filter(isOpen), ...mine.filter((n) => !isOpen(n))];
  return h('div', { class: 'grid' }, sorted.map((n) => needCard(n)));
}

export const report = {
  render(ctx) {
    const point = scopePoint(ctx.session);
    return h('div', { class: 'page report' },
      pageHeader('rp.title'),
      point ? h('p', { class: 'intro' }, h('strong', {}, point)) : null,
      h('div', { class: 'two-col' }, needForm(ctx), statusForm(ctx)),
      h('section', { class: 'block', 'aria-labelledby': 'mine-h' },
        h('h2', { id: 'mine-h' }, t('rp.mine')),
        h('div', { id: 'my-needs', 'aria-live': 'polite' }, myNeeds(ctx, point))));
  },
  update(ctx) {
    const el = document.getElementById('my-needs');
    if (el) clear(el).append(myNeeds(ctx, scopePoint(ctx.session)));
  },
};

// ---- announcement -----------------------------------------------------------------------------
// Date and time are separate fields: a date picker, and the time typed as 24-hour HH:MM (the
// browser's own time widget would follow its locale and might show AM/PM).
const pad = (n) => String(n).padStart(2, '0');
const dateOf = (ms) => { const d = new Date(ms); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
const timeOf = (ms) => { const d = new Date(ms); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; };
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
function whenOf(form, base) {
  const date = val(form, `${base}_date`), time = TIME.exec(val(form, `${base}_time`));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !time) return NaN;
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, Number(time[1]), Number(time[2])).getTime();
}
function whenFields(base, labelText, ms, path) {
  return h('fieldset', { class: 'group when' }, h('legend', {}, labelText, h('span', { class: 'req' }, ' *')),
    h('div', { class: 'row' },
      field({ name: `${base}_date`, kind: 'date', labelText: t('an.date'), required: true, path, value: dateOf(ms) }),
      field({ name: `${base}_time`, labelText: t('an.time'), hint: t('an.time.hint'), required: true, path, value: timeOf(ms),
        attrs: { inputmode: 'numeric', maxlength: 5, autocomplete: 'off', pattern: '([01]?[0-9]|2[0-3])[:.][0-5][0-9]' } })));
}
const MAX_LIFETIME_MS = 90 * 24 * 3600 * 1000;

function preview(form) {
  const pick = (base, l) => (l === 'en' && val(form, `${base}_en`)) || val(form, base);
  const eff = whenOf(form, 'effective');
  const exp = whenOf(form, 'expires');
  const valid = t('an.valid', { from: Number.isNaN(eff) ? '…' : fmtTime(eff), until: Number.isNaN(exp) ? '…' : fmtTime(exp) });
  const sev = val(form, 'severity');
  const board = h('div', { class: `preview-board sev-${sev.toLowerCase()}` },
    h('p', { class: 'pv-kicker' }, label('CapCategory', val(form, 'category')), ' · ', label('CapSeverity', sev)),
    h('p', { class: 'pv-headline', lang: 'nl' }, val(form, 'headline') || t('an.preview.empty')),
    h('p', { class: 'pv-text', lang: 'nl' }, val(form, 'text')),
    val(form, 'instruction') ? h('p', { class: 'pv-instruction', lang: 'nl' }, val(form, 'instruction')) : null,
    val(form, 'headline_en') ? h('div', { class: 'pv-en', lang: 'en' },
      h('p', { class: 'pv-headline' }, val(form, 'headline_en')), h('p', {}, val(form, 'text_en')),
      val(form, 'instruction_en') ? h('p', { class: 'pv-instruction' }, val(form, 'instruction_en')) : null) : null,
    h('p', { class: 'pv-meta' }, t('an.area.label', { area: val(form, 'area') }), ' · ', valid));
  const l = lang();
  const phone = h('div', { class: 'preview-phone' },
    h('div', { class: 'pv-screen' },
      h('p', { class: 'pv-headline' }, pick('headline', l) || t('an.preview.empty')),
      h('p', {}, pick('text', l)),
      pick('instruction', l) ? h('p', { class: 'pv-instruction' }, pick('instruction', l)) : null,
      h('p', { class: 'pv-meta' }, valid)));
  return [h('h3', {}, t('an.preview.board')), board, h('h3', {}, t('an.preview.phone')), phone];
}

export const announcement = {
  render(ctx) {
    const s = ctx.session;
    const start = now();
    const form = h('form', { class: 'form', novalidate: true, id: 'announce-form' },
      formTop(),
      field({ name: 'headline', labelText: t('an.headline'), required: true, path: 'announcement.headline.nl', attrs: { maxlength: HEADLINE } }),
      field({ name: 'text', kind: 'textarea', labelText: t('an.text'), required: true, path: 'announcement.text.nl', attrs: { rows: 4 } }),
      field({ name: 'instruction', kind: 'textarea', labelText: t('an.instruction'), path: 'announcement.instruction.nl', attrs: { rows: 2 } }),
      h('details', {}, h('summary', {}, t('an.english')),
        field({ name: 'headline_en', labelText: t('an.headline.en'), path: 'announcement.headline.en', attrs: { maxlength: HEADLINE, lang: 'en' } }),
        field({ name: 'text_en', kind: 'textarea', labelText: t('an.text.en'), path: 'announcement.text.en', attrs: { rows: 3, lang: 'en' } }),
        field({ name: 'instruction_en', kind: 'textarea', labelText: t('an.instruction.en'), path: 'announcement.instruction.en', attrs: { rows: 2, lang: 'en' } })),
      field({ name: 'area', labelText: t('an.area'), hint: t('an.area.hint'), required: true, path: 'announcement.audience_area', value: s.scope || '', attrs: { maxlength: SHORT, autocomplete: 'off' } }),
      h('fieldset', { class: 'group' }, h('legend', {}, t('an.cap')),
        h('div', { class: 'row' },
          field({ name: 'category', kind: 'select', labelText: t('an.category'), required: true, path: 'announcement.category', options: enumOptions('CapCategory'), value: 'SAFETY' }),
          field({ name: 'urgency', kind: 'select', labelText: t('an.urgency'), required: true, path: 'announcement.urgency', options: enumOptions('CapUrgency'), value: 'URGENCY_EXPECTED' })),
        h('div', { class: 'row' },
          field({ name: 'severity', kind: 'select', labelText: t('an.severity'), required: true, path: 'announcement.severity', options: enumOptions('CapSeverity'), value: 'SEVERITY_MODERATE' }),
          field({ name: 'certainty', kind: 'select', labelText: t('an.certainty'), required: true, path: 'announcement.certainty', options: enumOptions('CapCertainty'), value: 'CERTAINTY_OBSERVED' }))),
      whenFields('effective', t('an.effective'), start, 'announcement.effective_ms'),
      whenFields('expires', t('an.expires'), start + 24 * 3600 * 1000, 'announcement.expires_ms'),
      precedenceField('IMMEDIATE'),
      submitRow());
    const pv = h('aside', { class: 'preview', 'aria-labelledby': 'pv-h' }, h('h2', { id: 'pv-h' }, t('an.preview')), h('div', { id: 'pv-body' }));
    const refresh = () => clear(pv.querySelector('#pv-body')).append(...preview(form));
    form.addEventListener('input', refresh);
    form.addEventListener('change', refresh);
    refresh();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const eff = whenOf(form, 'effective');
      const exp = whenOf(form, 'expires');
      const area = val(form, 'area').toUpperCase();
      const checks = [
        ['headline', checkText(val(form, 'headline'), { required: true, max: HEADLINE })],
        ['text', checkText(val(form, 'text'), { required: true, max: LONG })],
        ['instruction', checkText(val(form, 'instruction'), { max: LONG })],
        ['headline_en', checkText(val(form, 'headline_en'), { max: HEADLINE })],
        ['text_en', checkText(val(form, 'text_en'), { max: LONG })],
        ['instruction_en', checkText(val(form, 'instruction_en'), { max: LONG })],
        ['area', !area ? t('err.required') : AREA.test(area) ? '' : t('err.area')],
        ['effective_date', /^\d{4}-\d{2}-\d{2}$/.test(val(form, 'effective_date')) ? '' : t('err.date')],
        ['effective_time', TIME.test(val(form, 'effective_time')) ? '' : t('err.time')],
        ['expires_date', /^\d{4}-\d{2}-\d{2}$/.test(val(form, 'expires_date')) ? '' : t('err.date')],
        ['expires_time', !TIME.test(val(form, 'expires_time')) ? t('err.time') : Number.isNaN(exp) || Number.isNaN(eff) ? ''
          : exp <= eff ? t('err.expires.before') : exp <= now() ? t('err.expires.past') : exp - now() > MAX_LIFETIME_MS ? t('err.expires.far') : ''],
      ];
      const lt = (base) => ({ nl: val(form, base), en: val(form, `${base}_en`) || undefined });
      const result = await submitDraft(form, checks, () => ({
        precedence: val(form, 'precedence'),
        ttl_seconds: Math.min(Math.ceil((exp - now()) / 1000), MAX_LIFETIME_MS / 1000),
        body: { announcement: {
          audience_area: area, headline: lt('headline'), text: lt('text'),
          instruction: val(form, 'instruction') || val(form, 'instruction_en') ? lt('instruction') : undefined,
          category: val(form, 'category'), urgency: val(form, 'urgency'), severity: val(form, 'severity'),
          certainty: val(form, 'certainty'), effective_ms: String(eff), expires_ms: String(exp),
        } },
      }));
      if (result) {
        for (const n of ['headline', 'text', 'instruction', 'headline_en', 'text_en', 'instruction_en']) form.elements[n].value = '';
        refresh();
      }
    });
    return h('div', { class: 'page announce' }, pageHeader('an.title'), h('div', { class: 'two-col' }, form, pv));
  },
};
