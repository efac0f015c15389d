// A real three-node Baken mesh on loopback for the browser tests, set up the way
// deploy/demo.sh does it: a region root key every node believes, a credential per node
// (baken region issue + baken credential import), the support point and the region each
// syncing with the town hall. Every wait is bounded; stop() always ends the daemons.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const binDir = path.resolve(repoRoot, process.env.BAKEN_BIN_DIR || 'build/debug/bin');
const PASSPHRASE = 'browser-test-passphrase-not-for-real-use';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `probe` until it returns something truthy, at most `timeoutMs`.
export async function until(what, probe, timeoutMs = 20000, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) { last = e; }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function baken(args, input) {
  return execFileSync(path.join(binDir, 'baken'), args, { input, encoding: 'utf8', timeout: 20000, stdio: ['pipe', 'pipe', 'pipe'] });
}
const keyOf = (text) => {
  const m = /^Public key: *([0-9a-f]{64})$/m.exec(text);
  if (!m) throw new Error(`no public key in: ${text}`);
  return m[1];
};

export class Mesh {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baken-browser-'));
    this.nodes = {};
    this.children = [];
    this.onExit = () => { for (const c of this.children) { try { c.kill('SIGKILL'); } catch { /* gone */ } } };
    process.on('exit', this.onExit);
  }

  // specs: [{id, name, role, scope, peer: id of the node it dials, radio}]. radio: {name,
  // callsign} gives the node a [[radio]] on a KISS TCP port of this machine where nothing
  // listens — a TNC that is not there, so the link shows as down with the reason.
  async start(specs) {
    for (const bin of ['bakend', 'baken']) {
      if (!fs.existsSync(path.join(binDir, bin))) throw new Error(`${bin} not found in ${binDir} (set BAKEN_BIN_DIR)`);
    }
    const rootKey = path.join(this.dir, 'region-root.key');
    const root = keyOf(baken(['region', 'init', '--out', rootKey], `${PASSPHRASE}\n`));
    for (const s of specs) {
      this.nodes[s.id] = { ...s, data: path.join(this.dir, s.id), media: path.join(this.dir, `media-${s.id}`), api: await freePort(), sync: await freePort() };
      if (s.radio) this.nodes[s.id].tnc = await freePort();
    }
    for (const s of specs) {
      const n = this.nodes[s.id];
      fs.mkdirSync(n.data, { recursive: true });
      fs.mkdirSync(n.media, { recursive: true });  // where this node looks for USB sticks
      const peers = s.peer ? `"127.0.0.1:${this.nodes[s.peer].sync}"` : '';
      fs.writeFileSync(path.join(n.data, 'bakend.toml'),
        `[node]\nname = "${s.name}"\n[api]\nlisten = "127.0.0.1:${n.api}"\n[sync]\nlisten = "127.0.0.1:${n.sync}"\n` +
        `peers = [${peers}]\n[discovery]\nenabled = false\n[trust]\nroots = ["${root}"]\n` +
        `[sticks]\nwatch = ["${n.media}"]\n` +
        (s.radio ? `[[radio]]\nname = "${s.radio.name}"\ntnc = "127.0.0.1:${n.tnc}"\ncallsign = "${s.radio.callsign}"\n` : ''));
      const log = fs.openSync(path.join(this.dir, `${s.id}.log`), 'a');
      const child = spawn(path.join(binDir, 'bakend'), ['--config', path.join(n.data, 'bakend.toml'), '--data', n.data],
        { stdio: ['ignore', log, log] });
      fs.closeSync(log);
      n.child = child;
      this.children.push(child);
    }
    for (const n of Object.values(this.nodes)) {
      await until(`${n.id} to listen (see ${this.dir}/${n.id}.log)`, () => {
        if (n.child.exitCode !== null) throw new Error(`bakend ${n.id} exited with ${n.child.exitCode}`);
        return fs.existsSync(path.join(n.data, 'api.address'));
      }, 15000, 100);
      n.url = `http://${fs.readFileSync(path.join(n.data, 'api.address'), 'utf8').trim()}`;
      n.token = fs.readFileSync(path.join(n.data, 'api.token'), 'utf8').trim();
    }
    // Credentials, issued by the region root and imported at each node (as demo.sh does).
    for (const n of Object.values(this.nodes)) {
      const key = keyOf(baken(['--data', n.data, 'init']));
      const file = path.join(this.dir, `${n.id}.baken`);
      baken(['region', 'issue', '--root', rootKey, '--subject', key, '--role', n.role, '--scope', n.scope,
        '--valid', '2d', '--name', n.name, '--out', file], `${PASSPHRASE}\n`);
      baken(['--data', n.data, 'credential', 'import', file]);
    }
    // Every node must know every credential before the scenario starts (sealing, scopes).
    for (const n of Object.values(this.nodes)) {
      await until(`${n.id} to hold all ${specs.length} credentials`, async () => {
        const list = await this.api(n.id, '/api/v1/messages?kind=credential');
        return (list.messages || []).length >= specs.length;
      }, 30000, 250);
    }
  }

  // GET on a node's API with its bearer token; JSON answer (or text when `raw`).
  async api(id, route, { raw } = {}) {
    const n = this.nodes[id];
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 10000);
    try {
      const res = await fetch(`${n.url}${route}`, { headers: { Authorization: `Bearer ${n.token}` }, signal: ctl.signal });
      const text = await res.text();
      if (!res.ok) throw new Error(`${route} on ${id}: ${res.status} ${text.slice(0, 200)}`);
      return raw ? text : JSON.parse(text);
    } finally {
      clearTimeout(timer);
    }
  }

  // Ends every daemon: SIGTERM, then SIGKILL after 5 s. Copies the logs to `keepDir`.
  async stop(keepDir) {
    await Promise.all(this.children.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      const done = await Promise.race([gone.then(() => true), sleep(5000).then(() => false)]);
      if (!done) { c.kill('SIGKILL'); await Promise.race([gone, sleep(2000)]); }
    }));
    process.off('exit', this.onExit);
    if (keepDir) {
      fs.mkdirSync(keepDir, { recursive: true });
      for (const f of fs.readdirSync(this.dir).filter((x) => x.endsWith('.log'))) fs.copyFileSync(path.join(this.dir, f), path.join(keepDir, f));
    }
    if (!process.env.BAKEN_KEEP_NODES) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
