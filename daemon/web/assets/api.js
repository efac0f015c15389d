// The daemon's HTTP JSON API (docs/api.md) and browser session (docs/web-ui.md), seen from the
// page: same-origin cookie, CSRF token on every POST, errors as {error, detail}.

export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || code);
    this.status = status;  // 0: no answer at all (network)
    this.code = code;
    this.detail = detail || '';
  }
}

let csrf = '';
export function setCsrf(token) { csrf = token || ''; }

const TIMEOUT_MS = 15000;

async function request(method, path, body, retried = false) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin', signal: ctl.signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.name === 'AbortError' ? 'timeout' : String(e.message || e));
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  // A session that was renewed elsewhere (another tab, a restart) has a new CSRF token:
  // fetch it once and try again, so a tired person does not lose what they typed.
  if (res.status === 403 && json?.error === 'csrf_required' && !retried && method !== 'GET') {
    try { setCsrf((await get('/ui/session')).csrf_token); } catch { /* report the first error */ }
    if (csrf) return request(method, path, body, true);
  }
  if (!res.ok) {
    throw new ApiError(res.status, json?.error || `http_${res.status}`, json?.detail || text.slice(0, 200));
  }
  return json ?? {};
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);

export function session() { return get('/ui/session'); }
export function signIn(passphrase) { return post('/ui/sign-in', { passphrase }); }
export function signOut() { return post('/ui/sign-out', {}); }

// POST /api/v1/messages with a Draft; answers {id, duplicate}.
export function postDraft(draft) { return post('/api/v1/messages', draft); }

// Picture parts by the names PictureChange uses ("support_points") and their routes.
export const PARTS = ['support_points', 'needs', 'municipalities', 'announcements', 'nodes'];
export function picturePath(part) {
  return part ? `/api/v1/picture/${part.replace(/_/g, '-')}` : '/api/v1/picture';
}

// NeedView gives ids in hex; protobuf JSON wants bytes as base64.
export function hexToBase64(hex) {
  if (!/^([0-9a-f]{2})+$/i.test(hex || '')) throw new Error(`not hex: ${hex}`);
  let bin = '';
  for (let i = 0; i < hex.length; i += 2) bin += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(bin);
}
