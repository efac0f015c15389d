// Mesh health: a USB stick being visited, this node's radio links, its peers, the nodes the
// picture has heard of, this node's own status.
import { h, clear, age, fmtTime, fmtAge, fmtBytes, fmtNumber, now } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { pageHeader, loadProblem } from './pages-overview.js';

const SILENT_S = 3600;  // a node not heard for an hour is marked silent

// A table that turns into labelled rows on a phone (CSS uses data-label).
function table(caption, cols, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => h('td', { 'data-label': cols[i] }, c)))))));
}

function nodesTable(ctx) {
  const nodes = ctx.picture?.nodes || [];
  if (!nodes.length) return h('p', { class: 'muted' }, t('ms.nodes.none'));
  return table(t('ms.nodes'), [t('ms.name'), t('ms.role'), t('ms.lastheard'), t('ms.silentfor'), t('ms.messages'), t('ms.fingerprint')],
    nodes.map((n) => {
      const silent = n.last_message_ms ? (now() - Number(n.last_message_ms)) / 1000 : Infinity;
      return [
        n.name || t('none'),
        n.role ? `${t(`role.${n.role}`)}${n.scope ? ` ${n.scope}` : ''}` : t('none'),
        age(n.last_message_ms, { staleS: SILENT_S }),
        silent > SILENT_S ? h('span', { class: 'badge tone-condition_strained' }, h('span', { 'aria-hidden': 'true' }, '! '), t('silent'), ' ', fmtAge(silent).replace(/ (geleden|ago)$/, ''))
          : fmtAge(silent),
        fmtNumber(n.messages),
        h('code', {}, n.fingerprint || ''),
      ];
    }));
}

function peersTable(peers) {
  if (!peers.length) return h('p', { class: 'muted' }, t('ms.peers.none'));
  return table(t('ms.peers'), [t('ms.name'), t('ms.connected'), t('ms.transport'), t('ms.lastheard'), t('ms.backlog'), t('ms.sentrecv'), t('ms.lasterror')],
    peers.map((p) => [
      h('span', {}, p.name || t('none'), h('br'), h('code', {}, p.fingerprint || '')),
      p.connected ? h('span', { class: 'badge tone-condition_ok' }, h('span', { 'aria-hidden': 'true' }, '✓ '), t('ms.connected.yes'))
        : h('span', { class: 'badge tone-condition_unknown' }, h('span', { 'aria-hidden': 'true' }, '✕ '), t('ms.connected.no')),
      `${p.transport || ''} ${p.address || ''}`.trim() || t('none'),
      age(p.last_seen_ms, { staleS: SILENT_S }),
      fmtNumber(p.backlog),
      `${fmtNumber(p.messages_sent)} / ${fmtNumber(p.messages_received)}`,
      p.last_error ? h('span', { class: 'error-text' }, p.last_error) : t('none'),
    ]));
}

function statusBlock(st) {
  const rej = Object.entries(st.rejections_by_reason || {});
  const kinds = Object.entries(st.messages_by_kind || {});
  return h('dl', { class: 'facts wide' },
    h('div', { class: 'fact' }, h('dt', {}, t('ms.name')), h('dd', {}, st.name || t('none'), ' ', h('code', {}, st.fingerprint || ''))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.version')), h('dd', {}, st.version || t('none'))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.uptime')), h('dd', {}, age(now() - Number(st.uptime_s || 0) * 1000, { staleS: Infinity }))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.messages')), h('dd', {}, fmtNumber(st.message_count))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.storage')), h('dd', {}, t('ms.storage.of', { used: fmtBytes(st.stored_bytes), quota: fmtBytes(st.quota_bytes) }),
      st.quota_bytes ? h('meter', { min: 0, max: Number(st.quota_bytes), value: Number(st.stored_bytes || 0), 'aria-label': t('ms.storage') }) : null)),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.bykind')), h('dd', {}, kinds.length ? kinds.map(([k, v]) => `${k}: ${fmtNumber(v)}`).join(', ') : t('none'))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.rejections')), h('dd', {}, rej.length ? rej.map(([k, v]) => `${k}: ${fmtNumber(v)}`).join(', ') : t('ms.rejections.none'))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.evicted')), h('dd', {}, fmtNumber(st.evicted))));
}

// The USB stick: whether one is being read or written (do not pull it) or may be pulled.
function stickBlock(sv) {
  const busy = sv.state === 'reading' || sv.state === 'writing';
  if (sv.state === 'idle' || !sv.state) return h('p', { class: 'muted' }, t('ms.stick.idle'));
  const badge = busy
    ? h('span', { class: 'badge tone-condition_strained', role: 'status' }, h('span', { 'aria-hidden': 'true' }, '! '), t('ms.stick.busy'))
    : h('span', { class: 'badge tone-condition_ok', role: 'status' }, h('span', { 'aria-hidden': 'true' }, '✓ '), t('ms.stick.safe'));
  const problems = [...(sv.problems || [])];
  return h('dl', { class: 'facts wide' },
    h('div', { class: 'fact' }, h('dt', {}, t('ms.stick.state')), h('dd', {}, badge, ' ', h('code', {}, sv.path || ''))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.stick.in')), h('dd', {}, t('ms.stick.in.n', { n: fmtNumber(sv.accepted), refused: fmtNumber(sv.refused) }))),
    h('div', { class: 'fact' }, h('dt', {}, t('ms.stick.out')), h('dd', {}, t('ms.stick.out.n', { n: fmtNumber(sv.written) }),
      Number(sv.left_behind || 0) ? h('span', { class: 'error-text' }, ' ', t('ms.stick.full', { n: fmtNumber(sv.left_behind) })) : null)),
    Number(sv.damaged_bundles || 0) ? h('div', { class: 'fact' }, h('dt', {}, t('ms.stick.damaged')), h('dd', { class: 'error-text' }, fmtNumber(sv.damaged_bundles))) : null,
    problems.length ? h('div', { class: 'fact' }, h('dt', {}, t('ms.stick.problems')), h('dd', { class: 'error-text' }, problems.join('; '))) : null,
    sv.receipt_file ? h('div', { class: 'fact' }, h('dt', {}, t('ms.stick.receipt')), h('dd', {}, h('code', {}, `baken/receipts/${sv.receipt_file}`))) : null);
}

const unavailable = (err) => h('p', { class: 'error-text', role: 'alert' }, t('ms.unavailable', { reason: `${err.code}${err.detail ? `: ${err.detail}` : ''}` }));

// Radio links ([[radio]] in bakend.toml): per interface whether its modem is up (and why not),
// what went over the air, the airtime spent against the budget, and the stations heard. The
// API's numbers: int64 fields arrive as strings, and zeros and false are left out.
const seconds = (ms) => `${fmtNumber(Math.round(Number(ms || 0) / 100) / 10)} s`;
const windowText = (s) => (Number(s) % 60 === 0 ? `${Number(s) / 60} min` : `${Number(s || 0)} s`);
const fact = (label, ...value) => h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, ...value));

function airtimeFact(l) {
  const used = Number(l.airtime_used_ms || 0), budget = Number(l.airtime_budget_ms || 0);
  const percent = budget ? Math.round((used / budget) * 1000) / 10 : 0;
  return fact(t('ms.radio.airtime'),
    t('ms.radio.airtime.of', { used: seconds(used), budget: seconds(budget), percent: fmtNumber(percent), window: windowText(l.window_s) }),
    budget ? h('meter', { class: 'airtime', min: 0, max: budget, value: Math.min(used, budget), low: budget * 0.5, high: budget * 0.9, optimum: 0, 'aria-label': t('ms.radio.airtime') }) : null,
    h('span', { class: 'muted' }, t('ms.radio.airtime.total', { total: seconds(l.airtime_total_ms) })));
}

function troubleFact(l) {
  const parts = [];
  if (Number(l.modem_dropped_bytes || 0)) parts.push(t('ms.radio.dropped', { bytes: fmtBytes(l.modem_dropped_bytes) }));
  if (Number(l.kiss_errors || 0)) parts.push(t('ms.radio.kisserrors', { n: fmtNumber(l.kiss_errors) }));
  return parts.length ? h('div', { class: 'fact' }, h('dt', {}, t('ms.radio.trouble')), h('dd', { class: 'error-text' }, parts.join('; '))) : null;
}

function neighboursTable(list) {
  if (!list.length) return h('p', { class: 'muted' }, t('ms.radio.neighbours.none'));
  return table(t('ms.radio.neighbours'), [t('ms.radio.station'), t('ms.radio.linkid'), t('ms.lastheard'), t('ms.radio.frames'), t('ms.radio.holds'), t('ms.radio.insync')],
    list.map((n) => [
      n.station || t('none'),
      h('code', {}, n.link_id || ''),
      age(n.last_heard_ms, { staleS: SILENT_S }),
      fmtNumber(n.frames),
      fmtNumber(n.summary_count),
      !Number(n.last_summary_ms || 0) ? h('span', { class: 'muted' }, t('ms.radio.insync.unknown'))
      : n.in_sync ? h('span', { class: 'badge tone-condition_ok' }, h('span', { 'aria-hidden': 'true' }, '✓ '), t('ms.radio.insync.yes'))
        : h('span', { class: 'badge tone-condition_strained' }, h('span', { 'aria-hidden': 'true' }, '! '), t('ms.radio.insync.no')),
    ]));
}

function linkBlock(l) {
  const state = l.up
    ? h('span', { class: 'badge tone-condition_ok' }, h('span', { 'aria-hidden': 'true' }, '✓ '), t('ms.radio.up'))
    : h('span', { class: 'badge tone-condition_critical' }, h('span', { 'aria-hidden': 'true' }, '✕ '), t('ms.radio.down'));
  const framing = [l.framing === 'ax25' ? t('ms.radio.ax25', { callsign: l.callsign || '' }) : t('ms.radio.raw'),
    l.lawful ? t('ms.radio.lawful') : null, t('ms.radio.bitrate', { n: fmtNumber(l.bit_rate) })].filter(Boolean).join(' · ');
  const sentRecv = (sent, received) => t('ms.radio.sentrecv', { sent, received });
  const retries = [t('ms.radio.retries.n', { n: fmtNumber(l.retries), summaries: fmtNumber(l.summaries_sent) }),
    Number(l.budget_waits || 0) ? t('ms.radio.waits', { n: fmtNumber(l.budget_waits) }) : null].filter(Boolean).join(' · ');
  return h('article', { class: 'radio-link', 'data-link': l.name || '' },
    h('h3', {}, l.name || t('none'), ' ', state),
    h('dl', { class: 'facts wide' },
      fact(t('ms.radio.modem'), l.modem || t('none'),
        l.up ? null : h('span', { class: 'error-text radio-why' }, h('br'), t('ms.radio.why', { why: l.modem_state || t('none') }))),
      fact(t('ms.radio.framing'), framing),
      fact(t('ms.radio.frames'), t('ms.radio.frames.n', { sent: fmtNumber(l.frames_sent), received: fmtNumber(l.frames_received), ignored: fmtNumber(l.frames_ignored) })),
      fact(t('ms.radio.bytes'), sentRecv(fmtBytes(l.bytes_sent), fmtBytes(l.bytes_received))),
      fact(t('ms.messages'), sentRecv(fmtNumber(l.messages_sent), fmtNumber(l.messages_received))),
      fact(t('ms.radio.retries'), retries),
      airtimeFact(l),
      troubleFact(l)),
    h('h4', {}, t('ms.radio.neighbours')),
    neighboursTable(l.neighbours || []));
}

// Asked every 2 s like the stick; redrawn only when something changed, so the page does not
// flicker and a screen reader is not told the same figures again.
async function loadLinks(box) {
  const section = box.querySelector('#ms-radio-section'), body = box.querySelector('#ms-radio');
  if (!section || !body) return;
  try {
    const list = await get('/api/v1/links');
    const links = list.links || [];
    const text = JSON.stringify(links);
    if (text === body.dataset.shown) return;
    body.dataset.shown = text;
    section.hidden = links.length === 0;  // a node without radios shows nothing of them
    clear(body).append(...links.map(linkBlock));
  } catch (err) {
    if (section.hidden) return;  // nothing was shown: nothing to say
    delete body.dataset.shown;
    clear(body).append(unavailable(err));
  }
}

async function loadStick(box) {
  const [stick] = await Promise.allSettled([get('/api/v1/stick')]);
  const sk = box.querySelector('#ms-stick');
  if (sk) clear(sk).append(stick.status === 'fulfilled' ? stickBlock(stick.value) : unavailable(stick.reason));
}

async function loadLive(box) {
  loadStick(box);
  loadLinks(box);
  const [status, peers] = await Promise.allSettled([get('/api/v1/status'), get('/api/v1/peers')]);
  const st = box.querySelector('#ms-status'), pe = box.querySelector('#ms-peers');
  if (!st || !pe) return;
  clear(st).append(status.status === 'fulfilled' ? statusBlock(status.value) : unavailable(status.reason));
  clear(pe).append(peers.status === 'fulfilled' ? peersTable(peers.value.peers || []) : unavailable(peers.reason));
  const stamp = document.getElementById('updated');
  if (stamp) stamp.textContent = t('updated', { time: fmtTime(Date.now()) });
}

let timer = null;
export const mesh = {
  render(ctx) {
    const page = h('div', { class: 'page mesh' },
      pageHeader('ms.title'), loadProblem(ctx),
      h('section', { class: 'block', 'aria-labelledby': 'ms-stick-h' }, h('h2', { id: 'ms-stick-h' }, t('ms.stick')), h('div', { id: 'ms-stick', 'aria-live': 'polite' }, t('loading'))),
      h('section', { class: 'block', id: 'ms-radio-section', hidden: true, 'aria-labelledby': 'ms-radio-h' }, h('h2', { id: 'ms-radio-h' }, t('ms.radio')), h('div', { id: 'ms-radio' })),
      h('section', { class: 'block', 'aria-labelledby': 'ms-peers-h' }, h('h2', { id: 'ms-peers-h' }, t('ms.peers')), h('div', { id: 'ms-peers' }, t('loading'))),
      h('section', { class: 'block', 'aria-labelledby': 'ms-nodes-h' }, h('h2', { id: 'ms-nodes-h' }, t('ms.nodes')), h('div', { id: 'ms-nodes' }, nodesTable(ctx))),
      h('section', { class: 'block', 'aria-labelledby': 'ms-status-h' }, h('h2', { id: 'ms-status-h' }, t('ms.status')), h('div', { id: 'ms-status' }, t('loading'))));
    loadLive(page);
    // Peers, status, the stick and the radios have no live stream: ask again while this page
    // is shown — the stick and the radios every 2 s (a volunteer waits to pull the stick, or
    // for the modem to come up), the rest every 20 s.
    clearInterval(timer);
    let ticks = 0;
    timer = setInterval(() => {
      if (!document.body.contains(page)) { clearInterval(timer); return; }
      ticks += 1;
      if (ticks % 10 === 0) loadLive(page); else { loadStick(page); loadLinks(page); }
    }, 2000);
    return page;
  },
  update(ctx) {
    const n = document.getElementById('ms-nodes');
    if (n) clear(n).append(nodesTable(ctx));
    const page = document.querySelector('.page.mesh');
    if (page) loadLive(page);
  },
};
