// Browser tests of roster-client.js in real headless Chromium, against the server that
// BrowserClientTest started. Configuration comes from the environment; exits non-zero on failure.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

const base = process.env.ROSTER_BASE;
const appId = process.env.ROSTER_APP_ID;
const secret = process.env.ROSTER_SECRET;
const me = process.env.ROSTER_USER;
const token = process.env.ROSTER_TOKEN;
const allowedPage = process.env.ROSTER_ALLOWED_PAGE;
const otherPage = process.env.ROSTER_OTHER_PAGE;
const WAIT = 10_000;

async function rest(method, path, body) {
  const response = await fetch(`${base}/v1/${appId}${path}`, {
    method,
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${method} ${path}: ${text}`);
  return text ? JSON.parse(text) : null;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--headless'],
});
const results = [];
async function test(name, body) {
  const page = await browser.newPage();
  await page.goto(`${base}/openapi.json`);
  try {
    await body(page);
    results.push(`ok - ${name}`);
  } catch (error) {
    results.push(`not ok - ${name}: ${error.stack || error}`);
    process.exitCode = 1;
  } finally {
    await page.close();
  }
}

const setup = `
  const { Session } = await import('${base}/roster-client.js');
  const session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(me)}, token: ${JSON.stringify(token)} });
`;

try {
  await test('sign in with a JWT, subscribe, and see a change made through the trusted REST API', async page => {
    const watched = `w-${Date.now()}`;
    await rest('PUT', `/users/${watched}`, { name: 'Before', email: 'secret@example.com' });
    await page.evaluate(`(async () => {
      ${setup}
      window.snapshots = [];
      window.sub = session.user(${JSON.stringify(watched)}).subscribe(s => window.snapshots.push(s));
      await window.sub.connected;
    })()`);
    assert.equal(await page.evaluate('window.sub.state.type'), 'active');
    assert.equal(await page.evaluate('window.snapshots[0].name'), 'Before');
    assert.equal(await page.evaluate('JSON.stringify(window.snapshots).includes("secret@example.com")'), false);
    await rest('PUT', `/users/${watched}`, { name: 'After' });
    await page.waitForFunction('window.snapshots.some(s => s && s.name === "After")', null, { timeout: WAIT });
    await page.evaluate('(async () => { window.sub.unsubscribe(); await window.sub.terminated; })()');
    assert.equal(await page.evaluate('window.sub.state.type'), 'unsubscribed');
  });

  await test('get() calls in one tick make one request', async page => {
    const ids = [`a-${Date.now()}`, `b-${Date.now()}`, `c-${Date.now()}`];
    await rest('PUT', '/users', { [ids[0]]: { name: 'A' }, [ids[1]]: { name: 'B' } });
    const result = await page.evaluate(`(async () => {
      ${setup}
      const original = window.fetch;
      let calls = 0;
      window.fetch = (...args) => { calls++; return original(...args); };
      const all = await Promise.all(${JSON.stringify(ids)}.map(id => session.user(id).get()));
      window.fetch = original;
      return { calls, names: all.map(u => u && u.name) };
    })()`);
    assert.equal(result.calls, 1);
    assert.deepEqual(result.names, ['A', 'B', null]);
  });

  await test('set() is rejected with a clear error when clientUserSync is off', async page => {
    const target = `s-${Date.now()}`;
    await rest('PUT', `/users/${target}`, { name: 'Kept' });
    await rest('PUT', '/settings', { clientUserSync: false });
    try {
      const outcome = await page.evaluate(`(async () => {
        ${setup}
        try {
          await session.user(${JSON.stringify(target)}).set({ name: 'Changed' });
          return { ok: true };
        } catch (e) {
          return { ok: false, status: e.status, code: e.code, message: e.message };
        }
      })()`);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.status, 403);
      assert.equal(outcome.code, 'FORBIDDEN');
      assert.match(outcome.message, /Client-side user synchronisation is disabled/);
      const name = await page.evaluate(`(async () => { ${setup} return (await session.user(${JSON.stringify(target)}).get()).name; })()`);
      assert.equal(name, 'Kept');
    } finally {
      await rest('PUT', '/settings', { clientUserSync: true });
    }
  });

  await test('set() and createIfNotExists() from the page write through the browser API', async page => {
    const target = `n-${Date.now()}`;
    const names = await page.evaluate(`(async () => {
      ${setup}
      const ref = session.user(${JSON.stringify(target)});
      await ref.createIfNotExists({ name: 'Created' });
      await ref.createIfNotExists({ name: 'Ignored' });
      const first = (await ref.get()).name;
      await ref.set({ name: 'Renamed', custom: { k: 'v' } });
      const second = await ref.get();
      return [first, second.name, second.custom.k];
    })()`);
    assert.deepEqual(names, ['Created', 'Renamed', 'v']);
  });

  await test('create a conversation from the page and see it in the signed-in user\'s list', async page => {
    const conversation = `c-${Date.now()}`;
    const other = `o-${Date.now()}`;
    await rest('PUT', '/users', { [me]: { name: 'Me' }, [other]: { name: 'Other' } });
    const seen = await page.evaluate(`(async () => {
      ${setup}
      const chat = session.conversation(${JSON.stringify(conversation)});
      await chat.createIfNotExists({ subject: 'Plans' });
      await chat.set({ custom: { topic: 'trip' } });
      await chat.participant(${JSON.stringify(other)}).set({ access: 'Read' });
      const mine = await chat.get();
      const list = await session.conversations();
      return { subject: mine.subject, custom: mine.custom, access: mine.participants[${JSON.stringify(me)}].access,
               listed: list.data.map(c => c.id) };
    })()`);
    assert.deepEqual(seen, { subject: 'Plans', custom: { topic: 'trip' }, access: 'ReadWrite', listed: [conversation] });
    const stored = await rest('GET', `/conversations/${conversation}`);
    assert.equal(stored.participants[other].access, 'Read');
  });

  await test('the page\'s conversation set is rejected when clientConversationSync is off', async page => {
    const conversation = `k-${Date.now()}`;
    await rest('PUT', '/users', { [me]: { name: 'Me' } });
    await rest('PUT', `/conversations/${conversation}`, { subject: 'Kept', participants: [me] });
    await rest('PUT', '/settings', { clientConversationSync: false });
    try {
      const outcome = await page.evaluate(`(async () => {
        ${setup}
        const chat = session.conversation(${JSON.stringify(conversation)});
        const readable = (await chat.get()).subject;
        try {
          await chat.set({ subject: 'Changed' });
          return { ok: true };
        } catch (e) {
          return { ok: false, readable, status: e.status, code: e.code, message: e.message };
        }
      })()`);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.readable, 'Kept');
      assert.equal(outcome.status, 403);
      assert.equal(outcome.code, 'FORBIDDEN');
      assert.match(outcome.message, /Client-side conversation synchronisation is disabled/);
      assert.equal((await rest('GET', `/conversations/${conversation}`)).subject, 'Kept');
    } finally {
      await rest('PUT', '/settings', { clientConversationSync: true });
    }
  });

  await test('an open page without a subscription keeps its user online by pinging', async page => {
    const pinger = `p-${Date.now()}`;
    await rest('PUT', `/users/${pinger}`, { name: 'Pinger' });
    const signature = createHmac('sha256', secret).update(pinger).digest('hex');
    await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      window.session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(pinger)},
                                     signature: ${JSON.stringify(signature)}, pingInterval: 200 });
    })()`);
    const deadline = Date.now() + WAIT;
    let online = [];
    while (!online.includes(pinger) && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50));
      online = (await rest('GET', '/users?isOnline=true&limit=100')).data.map(u => u.id);
    }
    assert.ok(online.includes(pinger), `${pinger} never came online: ${online}`);
    await page.evaluate('window.session.destroy()');
  });

  await test('a bad token ends the subscription in the error state', async page => {
    const state = await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      const session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(me)}, token: 'not-a-token' });
      const sub = session.user('x').subscribe(() => {});
      await sub.terminated;
      return { type: sub.state.type, status: sub.state.error.status, connected: await sub.connected.then(() => 'yes', () => 'no') };
    })()`);
    assert.deepEqual(state, { type: 'error', status: 401, connected: 'no' });
  });

  await test('a page of an allowed origin subscribes across origins', async page => {
    await page.goto(`${allowedPage}/`);
    const watched = `x-${Date.now()}`;
    await rest('PUT', `/users/${watched}`, { name: 'Far' });
    await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      const session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(me)},
                                    token: ${JSON.stringify(token)}, baseUrl: ${JSON.stringify(base)} });
      window.first = (await session.user(${JSON.stringify(watched)}).get()).name;
      window.snapshots = [];
      window.sub = session.user(${JSON.stringify(watched)}).subscribe(s => window.snapshots.push(s));
      await window.sub.connected;
    })()`);
    assert.equal(await page.evaluate('window.first'), 'Far');
    await rest('PUT', `/users/${watched}`, { name: 'Farther' });
    await page.waitForFunction('window.snapshots.some(s => s && s.name === "Farther")', null, { timeout: WAIT });
    await page.evaluate('(async () => { window.sub.unsubscribe(); await window.sub.terminated; })()');
  });

  await test('a page of another origin is stopped by the browser', async page => {
    await page.goto(`${otherPage}/`);
    const outcome = await page.evaluate(`(async () => {
      const imported = await import('${base}/roster-client.js').then(() => 'imported', () => 'blocked');
      const read = await fetch('${base}/v1/${appId}/client/${me}/users/${me}',
          { headers: { Authorization: 'Bearer ${token}' } }).then(() => 'read', () => 'blocked');
      return { imported, read };
    })()`);
    assert.deepEqual(outcome, { imported: 'blocked', read: 'blocked' });
  });
} finally {
  await browser.close();
}
console.log(results.join('\n'));
