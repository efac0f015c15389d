// Browser tests of the common operational picture (issue 5, "What it must show"):
// Playwright (playwright-core) driving Debian's chromium against three real bakend processes.
//
//   an operator on the support-point node reports a need for drinking water in the web UI;
//   it appears on the municipality node's overview after sync (live, no reload);
//   municipal staff acknowledge it there; the operator's page shows it acknowledged;
//   the region node's GeoJSON export contains it.
// Also: the phone-width layout, the Dutch/English switch, invalid values refused next to the
// field; the USB stick and a radio link on the mesh page. Screenshots go to build/browser-artifacts/ (or $BAKEN_BROWSER_ARTIFACTS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { Mesh, until, repoRoot } from './mesh.mjs';

const CHROMIUM = process.env.BAKEN_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.resolve(repoRoot, process.env.BAKEN_BROWSER_ARTIFACTS || 'build/browser-artifacts');
const SYNC_MS = 30000;   // how long a message may take to cross the mesh and reach a page
const STEP_MS = 15000;   // any single UI step
const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1280, height: 900 };
const nonce = `bt-${Date.now().toString(36)}`;
const needText = `Drinkwater voor ongeveer 120 bezoekers (${nonce})`;

const mesh = new Mesh();
let browser;
const problems = [];  // page errors and CSP violations, from every page
const pages = {};

async function openPage(node, route, viewport, label) {
  const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('pageerror', (e) => problems.push(`${label}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${label}: ${m.text()}`);
  });
  await page.goto(`${mesh.nodes[node].url}/#/${route}`, { timeout: STEP_MS });
  await page.locator('main h1').first().waitFor({ timeout: STEP_MS });
  if (await page.locator('input[name=passphrase]').count()) {
    throw new Error(`${node} asks for a sign-in on loopback; the browser tests expect none`);
  }
  return page;
}

async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, timeout: STEP_MS });
}

const needCard = (page) => page.locator('article.need', { hasText: nonce }).first();

before(async () => {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  await mesh.start([
    { id: 'gemeente', name: 'Gemeentehuis Utrecht', role: 'municipal-staff', scope: 'GM0344' },
    { id: 'steunpunt', name: 'Steunpunt Buurthuis De Linde', role: 'support-point-operator', scope: 'GM0344-SP07', peer: 'gemeente',
      radio: { name: 'vhf-dares', callsign: 'PA3XYZ-7' } },
    { id: 'regio', name: 'Veiligheidsregio Utrecht', role: 'region-staff', scope: 'VR09', peer: 'gemeente' },
  ]);
  browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 30000, args: ['--no-sandbox'] });
  // The municipality's overview is open before anything is reported: what arrives later must
  // show up without a reload.
  pages.staff = await openPage('gemeente', 'overview', LAPTOP, 'gemeente');
  pages.operator = await openPage('steunpunt', 'report', PHONE, 'steunpunt');
}, { timeout: 120000 });

after(async () => {
  try { if (browser) await browser.close(); } finally { await mesh.stop(path.join(ARTIFACTS, 'logs')); }
}, { timeout: 30000 });

test('the operator reports the point status and a need for drinking water on a phone', { timeout: 60000 }, async () => {
  const page = pages.operator;
  await assert.doesNotReject(page.locator('.role', { hasText: 'GM0344-SP07' }).waitFor());

  const status = page.locator('form', { has: page.locator('#status-h') });
  await status.getByRole('radio', { name: 'Open', exact: true }).check();
  await status.getByRole('radio', { name: 'Aggregaat' }).check();
  await status.getByLabel('Uren brandstof over').fill('18');
  await status.getByRole('radio', { name: 'Schaars' }).check();
  await status.getByLabel('Aantal bezoekers nu').fill('42');
  await status.locator('summary').click();
  await status.getByLabel('Naam van het steunpunt').fill('Buurthuis De Linde');
  await status.getByLabel('Breedtegraad').fill('52.109');
  await status.getByLabel('Lengtegraad').fill('5.108');
  await status.getByRole('button', { name: 'Status versturen' }).click();
  await status.locator('.form-message.ok').waitFor();

  const need = page.locator('#need-form');
  await need.getByRole('radio', { name: 'Drinkwater' }).check();
  await need.getByLabel('Hoeveel').fill('500');
  await need.getByLabel('Eenheid').fill('liter');
  await need.getByRole('radio', { name: 'Binnen enkele uren' }).check();
  await need.getByLabel('Omschrijving').fill(needText);
  await shot(page, '01-operator-need-form-phone');
  await need.getByRole('button', { name: 'Hulpvraag versturen' }).click();
  await need.locator('.form-message.ok').waitFor();
  // Its own page lists it, open.
  await needCard(page).waitFor({ timeout: SYNC_MS });
  assert.match(await needCard(page).locator('.need-state').innerText(), /Open/);
  await shot(page, '02-operator-need-sent-phone');
});

test("it appears on the municipality node's overview after sync, without a reload", { timeout: 60000 }, async () => {
  const page = pages.staff;
  const card = page.locator('#needs-board article.need', { hasText: nonce });
  await card.waitFor({ timeout: SYNC_MS });
  assert.match(await card.innerText(), /Drinkwater/);
  assert.match(await card.innerText(), /500 liter/);
  assert.match(await card.innerText(), /Buurthuis De Linde/);
  assert.match(await card.innerText(), /geleden|zojuist/, 'the age of the fact is shown');
  await page.locator('#points article.point', { hasText: 'GM0344-SP07' }).waitFor({ timeout: SYNC_MS });
  await shot(page, '03-municipality-overview');
});

test('municipal staff acknowledge it', { timeout: 60000 }, async () => {
  const page = pages.staff;
  await page.getByRole('link', { name: 'Hulpvragen' }).click();
  const card = needCard(page);
  await card.waitFor({ timeout: SYNC_MS });
  await card.getByRole('button', { name: 'Gezien', exact: true }).click();
  await card.getByLabel('Toegewezen aan').fill('Team Noord');
  await card.getByLabel('Notitie').fill('Tankwagen komt om 15:00');
  await card.getByRole('button', { name: 'Bevestigen: Gezien' }).click();
  await card.locator('.form-message.ok').waitFor();
  // The picture of this node counts the update.
  await until('the acknowledgement in the municipality picture', async () => {
    const p = await mesh.api('gemeente', '/api/v1/picture/needs');
    return (p.needs || []).some((n) => n.text === needText && n.state === 'ACKNOWLEDGED');
  }, SYNC_MS);
  await shot(page, '04-municipality-acknowledged');
});

test("the operator's page shows it acknowledged", { timeout: 60000 }, async () => {
  const page = pages.operator;
  const card = needCard(page);
  await until('the operator page to show "Gezien"', async () => /Gezien/.test(await card.locator('.need-state').innerText()), SYNC_MS);
  assert.match(await card.innerText(), /Team Noord/);
  await card.scrollIntoViewIfNeeded();
  await shot(page, '05-operator-acknowledged-phone');
});

test("the region node's GeoJSON contains it", { timeout: 60000 }, async () => {
  const need = await until('the need in the region picture', async () => {
    const p = await mesh.api('regio', '/api/v1/picture/needs');
    return (p.needs || []).find((n) => n.text === needText && n.state === 'ACKNOWLEDGED');
  }, SYNC_MS);
  const geo = await until('the need in the region GeoJSON', async () => {
    const text = await mesh.api('regio', '/api/v1/export/geojson', { raw: true });
    return text.includes(need.need_id) || text.includes(nonce) ? JSON.parse(text) : null;
  }, SYNC_MS);
  assert.equal(geo.type, 'FeatureCollection');
  const feature = geo.features.find((f) => JSON.stringify(f).includes(nonce) || JSON.stringify(f).includes(need.need_id));
  assert.ok(feature, 'a feature carries the need');
  assert.equal(feature.geometry?.type, 'Point');
  assert.deepEqual(feature.geometry.coordinates.map((c) => Math.round(c * 1000) / 1000), [5.108, 52.109]);
  fs.writeFileSync(path.join(ARTIFACTS, 'region.geojson'), JSON.stringify(geo, null, 2));
});

test('phone width: no horizontal scroll, every control reachable', { timeout: 90000 }, async () => {
  const routes = { steunpunt: ['overview', 'report', 'needs', 'mesh'], gemeente: ['overview', 'sitrep', 'needs', 'announce', 'mesh'] };
  const page = await openPage('gemeente', 'overview', PHONE, 'phone');
  try {
    for (const [node, list] of Object.entries(routes)) {
      for (const route of list) {
        await page.goto(`${mesh.nodes[node].url}/#/${route}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(500);  // the picture arrives (the event stream never lets the network idle)
        const { scrollW, innerW } = await page.evaluate(() => ({ scrollW: document.documentElement.scrollWidth, innerW: window.innerWidth }));
        assert.ok(scrollW <= innerW, `${node} #/${route}: page is ${scrollW}px wide in a ${innerW}px viewport`);
        // Open every <details> so the controls inside count too.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        const controls = page.locator('main button:visible, main input:visible:not([type=radio]), main select:visible, main textarea:visible, main .choice-face:visible, header button:visible, header a:visible');
        const n = await controls.count();
        for (let i = 0; i < n; i++) {
          const c = controls.nth(i);
          await c.scrollIntoViewIfNeeded({ timeout: 5000 });
          const box = await c.boundingBox();
          assert.ok(box, `${node} #/${route}: control ${i} has no box`);
          assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `${node} #/${route}: control ${i} (${await c.evaluate((e) => e.outerHTML.slice(0, 80))}) sticks out: x=${box.x} w=${box.width}`);
          const tag = await c.evaluate((e) => e.tagName);
          const type = await c.evaluate((e) => e.type || '');
          const min = type === 'checkbox' ? 24 : 32;  // touch targets (WCAG 2.5.8 asks 24 px at least)
          if (tag === 'BUTTON' || tag === 'INPUT' || tag === 'SELECT') {
            assert.ok(box.height >= min, `${node} #/${route}: ${tag} ${i} is only ${box.height}px tall`);
          }
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, `06-phone-${node}-${route}`);
      }
    }
  } finally {
    await page.context().close();
  }
});

test('the Dutch/English switch, remembered across a reload', { timeout: 60000 }, async () => {
  const page = await openPage('gemeente', 'overview', LAPTOP, 'lang');
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    assert.equal(await page.locator('main h1').innerText(), 'Overzicht');
    await page.locator('#needs-board').getByText('Drinkwater').first().waitFor();
    await page.getByRole('button', { name: 'Engels' }).click();
    await page.locator('main h1', { hasText: 'Overview' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('navigation').getByRole('link', { name: 'Needs' }).waitFor();
    await page.locator('#needs-board').getByText('Drinking water').first().waitFor();
    assert.match(await page.locator('#needs-board').innerText(), /ago|just now/);
    await shot(page, '07-overview-english');
    await page.reload();
    await page.locator('main h1', { hasText: 'Overview' }).waitFor();
    await page.getByRole('button', { name: 'Dutch' }).click();
    await page.locator('main h1', { hasText: 'Overzicht' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    await shot(page, '08-overview-dutch');
  } finally {
    await page.context().close();
  }
});

test('invalid values are refused with a message next to the field', { timeout: 60000 }, async () => {
  const page = await openPage('steunpunt', 'report', PHONE, 'invalid');
  try {
    const before = (await mesh.api('steunpunt', '/api/v1/messages?kind=need')).messages.length;
    const need = page.locator('#need-form');
    await need.getByRole('radio', { name: 'Voedsel' }).check();
    await need.getByLabel('Hoeveel').fill('-5');
    await need.getByRole('button', { name: 'Hulpvraag versturen' }).click();
    const qty = need.locator('.field[data-field=quantity]');
    await qty.locator('.field-error').waitFor();
    assert.match(await qty.locator('.field-error').innerText(), /getal van 0 of meer/);
    assert.equal(await need.getByLabel('Hoeveel').getAttribute('aria-invalid'), 'true');
    // The missing urgency is marked beside its own buttons, and the form says it was not sent.
    assert.match(await need.locator('.field[data-field=urgency] .field-error').innerText(), /Maak een keuze/);
    assert.match(await need.locator('.form-message').innerText(), /Niet verstuurd/);
    await shot(page, '09-invalid-need-phone');
    assert.equal((await mesh.api('steunpunt', '/api/v1/messages?kind=need')).messages.length, before, 'nothing was posted');

    // A refusal by the daemon itself is shown too: municipal staff of GM0344 may not report
    // for another municipality (403 wrong_scope).
    const staff = await openPage('gemeente', 'sitrep', LAPTOP, 'refusal');
    try {
      const form = staff.locator('form').first();
      await form.getByLabel('Gemeente (CBS-code)').fill('GM0599');
      await form.getByLabel('Fase').selectOption('WARM_UNDER_72H');
      await form.getByLabel('Pijler').selectOption('VITAL_SERVICES');
      await form.getByLabel('Ernst').selectOption('FAILED');
      await form.getByLabel('Onderwerp').fill('power');
      await form.getByLabel('Toelichting').fill('Stroomstoring');
      await form.getByRole('button', { name: 'Versturen' }).click();
      const top = form.locator('.form-message.error');
      await top.waitFor();
      assert.match(await top.innerText(), /wrong_scope/);
      // A malformed CBS code is marked beside its own field before anything is sent.
      await form.getByLabel('Gemeente (CBS-code)').fill('GM03');
      await form.getByRole('button', { name: 'Versturen' }).click();
      await form.locator('.field[data-field=municipality] .field-error').waitFor();
      await shot(staff, '10-refused-sitrep');
    } finally {
      await staff.context().close();
    }
  } finally {
    await page.context().close();
  }
});

test('a USB stick plugged into the support point: the mesh page says when it may be pulled', { timeout: 60000 }, async () => {
  const page = await openPage('steunpunt', 'mesh', PHONE, 'stick');
  try {
    const block = page.locator('#ms-stick');
    await block.getByText('Nog geen stick gezien', { exact: false }).waitFor();
    // "Plugging in": a stick with a baken/ folder appears where this node looks for sticks.
    const stick = path.join(mesh.nodes.steunpunt.media, 'STICK');
    fs.mkdirSync(path.join(stick, 'baken'), { recursive: true });
    await block.getByText('de stick mag eruit', { exact: false }).waitFor({ timeout: 20000 });
    const text = await block.innerText();
    assert.match(text, /\d+ berichten/, text);
    assert.match(text, /baken\/receipts\//, text);
    const receipts = fs.readdirSync(path.join(stick, 'baken', 'receipts'));
    assert.equal(receipts.length, 1, 'one receipt on the stick');
    const bundles = fs.readdirSync(path.join(stick, 'baken', 'bundles')).filter((f) => f.endsWith('.bkn'));
    assert.equal(bundles.length, 1, 'one bundle with what the stick lacked');
    // Every label is translated (a missing key shows as its name, e.g. "role.region-root").
    await page.locator('#ms-nodes').getByText('Regio-root', { exact: false }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /\b(role|ms|nav)\.[a-z]/);
    await shot(page, '08-phone-steunpunt-stick');
  } finally {
    await page.context().close();
  }
});

test('a radio whose TNC is not there: the mesh page shows the link down and why; a node without radio shows nothing of it', { timeout: 60000 }, async () => {
  const page = await openPage('steunpunt', 'mesh', PHONE, 'radio');
  try {
    const section = page.locator('#ms-radio-section');
    await section.waitFor({ state: 'visible' });
    const link = section.locator('article.radio-link[data-link="vhf-dares"]');
    await link.getByText('Connection refused', { exact: false }).waitFor({ timeout: 20000 });
    const text = await link.innerText();
    assert.match(text, /modem niet verbonden/, text);
    assert.match(text, new RegExp(`Waarom niet: connect 127\\.0\\.0\\.1:${mesh.nodes.steunpunt.tnc}: Connection refused`), text);
    assert.match(text, /KISS over TCP 127\.0\.0\.1/, text);
    assert.match(text, /AX\.25 als PA3XYZ-7/, text);
    assert.match(text, /0 s van 360 s \(0 %\) in de laatste 60 min/, text);
    assert.match(text, /Nog geen andere stations gehoord/, text);
    const meter = link.locator('meter.airtime');
    assert.equal(await meter.getAttribute('max'), '360000');
    assert.equal(await meter.getAttribute('value'), '0');
    assert.doesNotMatch(await page.locator('main').innerText(), /\bms\.[a-z]/);
    await shot(page, '11-phone-steunpunt-radio-down');
    await page.getByRole('button', { name: 'Engels' }).click();
    await section.getByRole('heading', { name: 'Radio links' }).waitFor();
    await link.getByText('modem down').waitFor();
    assert.match(await link.innerText(), /0 s of 360 s \(0 %\) in the last 60 min/);
    assert.doesNotMatch(await page.locator('main').innerText(), /\bms\.[a-z]/);
  } finally {
    await page.context().close();
  }
  const staff = await openPage('gemeente', 'mesh', LAPTOP, 'no-radio');
  try {
    await staff.locator('#ms-peers table, #ms-peers p').first().waitFor();
    await staff.waitForTimeout(2500);  // one more poll of the links
    assert.equal(await staff.locator('#ms-radio-section').isVisible(), false);
    assert.equal(await staff.locator('#ms-radio article').count(), 0);
  } finally {
    await staff.context().close();
  }
});

test('no script errors and no CSP violations on any page', () => {
  assert.deepEqual(problems, []);
});
