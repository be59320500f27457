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

async function restCall(method, path, body) {
  const response = await fetch(`${base}/v1/${appId}${path}`, {
    method,
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : null };
}

async function rest(method, path, body) {
  const { status, text, json } = await restCall(method, path, body);
  assert.equal(status, 200, `${method} ${path}: ${text}`);
  return json;
}

/** The legacy identity proof of a user: what lets a test sign in as a user of its own. */
function signatureOf(userId) {
  return createHmac('sha256', secret).update(userId).digest('hex');
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

  await test('get() of a subscribed user makes no request and answers what the subscription saw last, even with cacheTtl 0', async page => {
    const watched = `cs-${Date.now()}`;
    const online = `co-${Date.now()}`;
    await rest('PUT', '/users', { [watched]: { name: 'First' }, [online]: { name: 'Online' } });
    await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      // cacheTtl 0 keeps no fetched user, so only the subscriptions can answer.
      const session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(me)},
                                    token: ${JSON.stringify(token)}, cacheTtl: 0 });
      window.session = session;
      window.snapshots = [];
      window.sub = session.user(${JSON.stringify(watched)}).subscribe(s => window.snapshots.push(s));
      window.onlineSub = session.user(${JSON.stringify(online)}).subscribeOnline(() => {});
      await Promise.all([window.sub.connected, window.onlineSub.connected]);
      window.calls = 0;
      const original = window.fetch;
      window.fetch = (...args) => { window.calls++; return original(...args); };
    })()`);
    const first = await page.evaluate(`(async () => {
      const [watched, online] = await Promise.all([window.session.user(${JSON.stringify(watched)}).get(),
                                                   window.session.user(${JSON.stringify(online)}).get()]);
      return { names: [watched.name, online.name], calls: window.calls, same: watched === window.sub.state.latestSnapshot };
    })()`);
    assert.deepEqual(first, { names: ['First', 'Online'], calls: 0, same: true });
    await rest('PUT', `/users/${watched}`, { name: 'Second' });
    await page.waitForFunction('window.snapshots.some(s => s && s.name === "Second")', null, { timeout: WAIT });
    const second = await page.evaluate(`(async () => {
      const user = await window.session.user(${JSON.stringify(watched)}).get();
      return { name: user.name, calls: window.calls };
    })()`);
    assert.deepEqual(second, { name: 'Second', calls: 0 });
    await page.evaluate('(async () => { window.sub.unsubscribe(); window.onlineSub.unsubscribe(); await window.sub.terminated; })()');
  });

  await test('repeated get() calls within the cache window make one request; the session\'s own write is seen at once', async page => {
    const id = `ct-${Date.now()}`;
    const other = `cu-${Date.now()}`;
    await rest('PUT', '/users', { [id]: { name: 'Fetched' }, [other]: { name: 'Other' } });
    const outcome = await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      const session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(me)},
                                    token: ${JSON.stringify(token)}, presence: false, cacheTtl: 60000 });
      const original = window.fetch;
      let calls = 0;
      window.fetch = (...args) => { calls++; return original(...args); };
      const ref = session.user(${JSON.stringify(id)});
      const first = await ref.get();
      const again = await ref.get();
      const overlapping = session.user(${JSON.stringify(other)}).get();
      await new Promise(resolve => setTimeout(resolve, 0));
      const [a, b] = await Promise.all([overlapping, session.user(${JSON.stringify(other)}).get()]);
      const fetched = calls;
      await ref.set({ name: 'Mine' });
      const mine = await ref.get();
      window.fetch = original;
      return { names: [first.name, again.name, a.name, b.name, mine.name], same: first === again,
               frozen: Object.isFrozen(first), fetched, total: calls };
    })()`);
    assert.deepEqual(outcome, { names: ['Fetched', 'Fetched', 'Other', 'Other', 'Mine'], same: true, frozen: true,
                                fetched: 2, total: 4 });
  });

  await test('a fetch in flight when the session writes the user is neither kept nor shared', async page => {
    const kept = `ck-${Date.now()}`;
    const shared = `cs2-${Date.now()}`;
    await rest('PUT', '/users', { [kept]: { name: 'Before' }, [shared]: { name: 'Before' } });
    const outcome = await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      const session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(me)},
                                    token: ${JSON.stringify(token)}, presence: false, cacheTtl: 60000 });
      // Holds back the answer of the next batchGet until released, so that a write lands meanwhile.
      const original = window.fetch;
      let hold = null;
      window.fetch = (url, init) => {
        const answer = original(url, init);
        if (hold === null || !String(url).endsWith('/users/batchGet')) {
          return answer;
        }
        const gate = hold;
        hold = null;
        return answer.then(response => gate.then(() => response));
      };
      const holdNext = () => { let release; hold = new Promise(resolve => { release = resolve; }); return release; };
      const wentOut = () => new Promise(resolve => setTimeout(resolve, 0));

      let release = holdNext();
      const early = session.user(${JSON.stringify(kept)}).get();
      await wentOut();
      await session.user(${JSON.stringify(kept)}).set({ name: 'After' });
      release();
      await early;
      const afterKept = (await session.user(${JSON.stringify(kept)}).get()).name;

      release = holdNext();
      const old = session.user(${JSON.stringify(shared)}).get();
      await wentOut();
      await session.user(${JSON.stringify(shared)}).set({ name: 'After' });
      const fresh = session.user(${JSON.stringify(shared)}).get();
      release();
      await old;
      const afterShared = (await fresh).name;
      window.fetch = original;
      return { afterKept, afterShared };
    })()`);
    assert.deepEqual(outcome, { afterKept: 'After', afterShared: 'After' });
  });

  await test('a fetched user is fetched again once cacheTtl has passed, and a change made meanwhile is seen', async page => {
    const id = `ce-${Date.now()}`;
    await rest('PUT', `/users/${id}`, { name: 'Old' });
    await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      const session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(me)},
                                    token: ${JSON.stringify(token)}, presence: false });
      window.calls = 0;
      const original = window.fetch;
      window.fetch = (...args) => { window.calls++; return original(...args); };
      window.ref = session.user(${JSON.stringify(id)});
      window.first = (await window.ref.get()).name;
    })()`);
    await rest('PUT', `/users/${id}`, { name: 'New' });
    const outcome = await page.evaluate(`(async () => {
      const deadline = performance.now() + ${WAIT};
      let name;
      for (;;) {
        name = (await window.ref.get()).name;
        if (name === 'New' || performance.now() > deadline) {
          return { first: window.first, name, refetched: window.calls >= 2 };
        }
        await new Promise(resolve => setTimeout(resolve, 20));
      }
    })()`);
    assert.deepEqual(outcome, { first: 'Old', name: 'New', refetched: true });
  });

  await test('a session started with a classic User as me applies its fields by the patch rule', async page => {
    const id = `m-${Date.now()}`;
    const seen = await page.evaluate(`(async () => {
      const { Session, User } = await import('${base}/roster-client.js');
      // The start's write is held back, so that a read sent without waiting for it would find no user.
      const original = window.fetch;
      window.fetch = (url, init) => (init && init.method === 'PUT'
        ? new Promise(resolve => setTimeout(resolve, 200)).then(() => original(url, init)) : original(url, init));
      const start = me => new Session({ appId: ${JSON.stringify(appId)}, me, signature: ${JSON.stringify(signatureOf(id))},
                                        presence: false });
      const session = start(new User({ id: ${JSON.stringify(id)}, name: 'Alice', email: 'alice@example.com',
        photoUrl: 'https://example.com/alice.png', role: 'default', welcomeMessage: 'Hey, how can I help?',
        custom: { country: 'ca' }, locale: 'en-US', phone: undefined }));
      const early = session.user(${JSON.stringify(id)}).get();
      await session.ready;
      const earlyName = (await early).name;
      const renamed = start(new User({ id: ${JSON.stringify(id)}, name: 'Alicia', custom: { plan: 'pro' } }));
      await renamed.ready;
      const referenced = start(new User(${JSON.stringify(id)}));
      await referenced.ready;
      window.fetch = original;
      return { early: earlyName, me: session.me.name, userId: session.userId,
               latest: (await referenced.user(${JSON.stringify(id)}).get()).name };
    })()`);
    assert.deepEqual(seen, { early: 'Alice', me: 'Alice', userId: id, latest: 'Alicia' });
    const stored = await rest('GET', `/users/${id}`);
    assert.equal(stored.name, 'Alicia');
    assert.deepEqual(stored.email, ['alice@example.com']);
    assert.equal(stored.phone, null);
    assert.equal(stored.photoUrl, 'https://example.com/alice.png');
    assert.equal(stored.role, 'default');
    assert.equal(stored.welcomeMessage, 'Hey, how can I help?');
    assert.equal(stored.locale, 'en-US');
    assert.deepEqual(stored.custom, { country: 'ca', plan: 'pro' });
  });

  await test('with clientUserSync off, a me with more than its id is refused and nothing is written', async page => {
    const existing = `k-${Date.now()}`;
    const absent = `z-${Date.now()}`;
    await rest('PUT', `/users/${existing}`, { name: 'Kept', email: 'kept@example.com' });
    await rest('PUT', '/settings', { clientUserSync: false });
    try {
      const outcome = await page.evaluate(`(async () => {
        const { Session, User } = await import('${base}/roster-client.js');
        const start = (me, signature) => new Session({ appId: ${JSON.stringify(appId)}, me, signature, presence: false });
        const refusal = async (me, signature) => {
          try {
            await start(me, signature).ready;
            return { ok: true };
          } catch (e) {
            return { ok: false, type: e.name, status: e.status, code: e.code, message: e.message,
                     fields: Object.keys(e.errors), cause: e.cause && e.cause.message };
          }
        };
        const changed = await refusal(new User({ id: ${JSON.stringify(existing)}, name: 'Changed', email: 'new@example.com' }),
                                      ${JSON.stringify(signatureOf(existing))});
        const created = await refusal(new User({ id: ${JSON.stringify(absent)}, name: 'New' }), ${JSON.stringify(signatureOf(absent))});
        const referenced = start(new User(${JSON.stringify(existing)}), ${JSON.stringify(signatureOf(existing))});
        await referenced.ready;
        return { changed, created, name: (await referenced.user(${JSON.stringify(existing)}).get()).name };
      })()`);
      for (const refused of [outcome.changed, outcome.created]) {
        assert.equal(refused.ok, false);
        assert.equal(refused.type, 'RosterError');
        assert.equal(refused.status, 403);
        assert.equal(refused.code, 'FORBIDDEN');
        assert.match(refused.message, /Client-side user synchronisation is disabled .* me must only have the id present/);
        assert.match(refused.cause, /Client-side user synchronisation is disabled/);
      }
      assert.match(outcome.changed.message, /it also has name, email\. Nothing was written/);
      assert.deepEqual(outcome.changed.fields, ['name', 'email']);
      assert.deepEqual(outcome.created.fields, ['name']);
      assert.equal(outcome.name, 'Kept');
      const kept = await rest('GET', `/users/${existing}`);
      assert.equal(kept.name, 'Kept');
      assert.deepEqual(kept.email, ['kept@example.com']);
      assert.equal((await restCall('GET', `/users/${absent}`)).status, 404);
    } finally {
      await rest('PUT', '/settings', { clientUserSync: true });
    }
  });

  await test('User and Session refuse what they cannot use, naming it', async page => {
    const errors = await page.evaluate(`(async () => {
      const { Session, User } = await import('${base}/roster-client.js');
      const thrown = make => { try { make(); return null; } catch (e) { return e.name + ': ' + e.message; } };
      return [
        thrown(() => new User({ name: 'No id' })),
        thrown(() => new Session({ appId: 'a', me: new User('alice'), userId: 'bob', token: 't', presence: false })),
        thrown(() => new Session({ appId: 'a', userId: 'alice', token: 't', presence: false, cacheTtl: -1 })),
        thrown(() => Object.assign(new User('alice'), { name: 'Changed' })),
      ];
    })()`);
    assert.match(errors[0], /^TypeError: User needs an id/);
    assert.match(errors[1], /^TypeError: Session got me alice and userId bob/);
    assert.match(errors[2], /^TypeError: cacheTtl must be/);
    assert.match(errors[3], /^TypeError/);
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
    const signature = signatureOf(pinger);
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

  await test('a deactivated user sees USER_DEACTIVATED on calls and subscriptions', async page => {
    const gone = `d-${Date.now()}`;
    await rest('PUT', `/users/${gone}`, { name: 'Gone soon' });
    await page.evaluate(`(async () => {
      const { Session } = await import('${base}/roster-client.js');
      window.session = new Session({ appId: ${JSON.stringify(appId)}, userId: ${JSON.stringify(gone)},
                                     signature: ${JSON.stringify(signatureOf(gone))} });
      window.sub = window.session.user(${JSON.stringify(gone)}).subscribe(() => {});
      await window.sub.connected;
    })()`);
    await rest('POST', `/users/${gone}/deactivate`, {});
    const outcome = await page.evaluate(`(async () => {
      await window.sub.terminated;
      const call = await window.session.user('someone').get().then(() => null, e => ({ status: e.status, code: e.code }));
      return { type: window.sub.state.type, code: window.sub.state.error.code, call };
    })()`);
    assert.deepEqual(outcome, { type: 'error', code: 'USER_DEACTIVATED', call: { status: 401, code: 'USER_DEACTIVATED' } });
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
