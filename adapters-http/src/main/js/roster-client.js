// Roster's browser client: the shape of the TalkJS Data API over Roster's browser-facing API
// (/v1/{appId}/client/{me}/…). An ES module without dependencies; served at /roster-client.js.
//
//   import { Session, User } from '/roster-client.js';
//   const session = new Session({ appId, userId, token });      // or { signature } (legacy)
//   const user = session.user('alice');
//   await user.get();                                            // public snapshot or null
//   await user.set({ name: 'Alice' });
//   const sub = user.subscribe(snapshot => render(snapshot));    // {state, connected, terminated, unsubscribe()}
//   const chat = session.conversation('c1');
//   await chat.createIfNotExists({ subject: 'Plans' });          // also set(), get(), leave()
//   await chat.participant('bob').set({ access: 'Read' });      // also edit(), delete()
//
// The classic SDK's way in: new Session({ appId, me: new User({ id, name, … }), token }) applies
// me's fields to the stored user when the session starts (session.ready tells how that went).
//
// While the session lives and no subscription is open, it pings every 5 s (pingInterval) so the
// signed-in user stays online (an open subscription keeps them online by itself); destroy() stops it.
//
// get() calls made in the same tick are sent as one request, and get() is answered without the
// network from a live subscription of the user or from a fetch younger than cacheTtl (UserCache).
// Subscriptions are server-sent events read through fetch (so the Authorization header can be
// sent); they reconnect with Last-Event-ID and never miss the latest state.
//
// A user who is deactivated, or whose token is revoked (SPEC §10), gets a RosterError with status
// 401 and code 'USER_DEACTIVATED' or 'TOKEN_REVOKED' from every call, and their subscriptions end in
// the error state with it (the server ends the stream with a `refused` event); sign in again with
// a new token after a revocation.

const MAX_BATCH = 100;
const DEFAULT_CACHE_TTL = 250;
/** What UserCache.lookup answers when get() must go to the network (null is a valid answer: no user). */
const MISS = Symbol('miss');

/** An error answered by the server: `status`, `code` (errorCode) and `errors` per field. */
export class RosterError extends Error {
  constructor(status, body, cause) {
    super((body && body.message) || `HTTP ${status}`, cause === undefined ? undefined : { cause });
    this.name = 'RosterError';
    this.status = status;
    this.code = body && body.errorCode;
    this.errors = (body && body.errors) || {};
  }
}

/**
 * A user as the classic SDK describes one: `new User({id, name, email, phone, photoUrl, role,
 * welcomeMessage, custom, locale, availabilityText})`, or `new User(id)` to reference a stored user
 * as it is. A frozen value; passed to a Session as `me`. Fields that are undefined are absent.
 */
export class User {
  constructor(options) {
    const fields = typeof options === 'string' || typeof options === 'number' ? { id: options } : options;
    if (fields === null || typeof fields !== 'object') {
      throw new TypeError('User needs an id or {id, name, …}');
    }
    if (!((typeof fields.id === 'string' && fields.id !== '') || typeof fields.id === 'number')) {
      throw new TypeError(`User needs an id: a non-empty string; got ${JSON.stringify(fields.id)}`);
    }
    Object.assign(this, fields, { id: String(fields.id) });
    Object.freeze(this);
  }
}

/** The fields of `user` that are present, besides its id: what a session start writes. */
function fieldsBesidesId(user) {
  return Object.fromEntries(Object.entries(user).filter(([key, value]) => key !== 'id' && value !== undefined));
}

// A snapshot is shared by every get() the cache answers and by the subscription that delivered it,
// so nobody may change it (TalkJS's snapshots are immutable too).
function deepFreeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * What get() may answer without the network, as Roster's Java reader does: never a value that
 * could be older than the rule below, and never one older than this session's own acknowledged
 * writes.
 *
 * * A subscription of the user (subscribe or subscribeOnline) that has had an event on its open
 *   connection answers with its latest snapshot: the stream keeps it current. It stops answering
 *   when the connection drops (until the first event after reconnecting) and after this session
 *   writes the user (until its next event).
 * * A fetched snapshot answers for `ttl` ms from the moment its request was sent (so it was read
 *   at most `ttl` ms ago); an event of a subscription of the user replaces it, this session's
 *   write of the user drops it. A fetch that was in flight when the user changed is not kept.
 */
class UserCache {
  constructor(ttl) {
    this._ttl = ttl;
    this._fetched = new Map();
    this._watchers = new Map();
    // Per user, the clock of its last change seen (an event or an own write), kept while fetches
    // are in flight, so that a fetch that started before a change neither is kept nor shared.
    this._changedAt = new Map();
    this._clock = 0;
    this._fetching = 0;
  }

  /** The snapshot (or null) that get() may answer without the network, or MISS. */
  lookup(id) {
    for (const subscription of this._watchers.get(id) ?? []) {
      if (subscription._current) {
        return subscription._user;
      }
    }
    const entry = this._fetched.get(id);
    if (entry === undefined) {
      return MISS;
    }
    if (entry.until > performance.now()) {
      return entry.snapshot;
    }
    this._fetched.delete(id);
    return MISS;
  }

  /** Starts a fetch; returns its stamp, to be handed to store() and changedSince(). */
  begin() {
    this._fetching++;
    const now = performance.now();
    for (const [id, entry] of this._fetched) {
      if (entry.until <= now) {
        this._fetched.delete(id);
      }
    }
    return this._clock;
  }

  /** Ends a fetch begun with begin(). */
  end() {
    if (--this._fetching === 0) {
      this._changedAt.clear();
    }
  }

  /** Whether the user changed (as far as this session saw) after the fetch stamped `stamp` began. */
  changedSince(id, stamp) {
    return (this._changedAt.get(id) ?? -1) > stamp;
  }

  /** Keeps a fetched snapshot, unless the user changed since the fetch began. */
  store(id, snapshot, stamp, sentAt) {
    if (this._ttl > 0 && !this.changedSince(id, stamp)) {
      this._fetched.set(id, { snapshot, until: sentAt + this._ttl });
    }
  }

  /** A subscription of the user delivered `snapshot`. */
  changed(id, snapshot) {
    this._tick(id);
    if (this._ttl > 0) {
      this._fetched.set(id, { snapshot, until: performance.now() + this._ttl });
    }
  }

  /** This session wrote the user (or may have: the write failed without an answer). */
  written(id) {
    this._tick(id);
    this._fetched.delete(id);
    for (const subscription of this._watchers.get(id) ?? []) {
      subscription._current = false;
    }
  }

  watch(id, subscription) {
    let set = this._watchers.get(id);
    if (set === undefined) {
      set = new Set();
      this._watchers.set(id, set);
    }
    set.add(subscription);
  }

  unwatch(id, subscription) {
    const set = this._watchers.get(id);
    if (set !== undefined && set.delete(subscription) && set.size === 0) {
      this._watchers.delete(id);
    }
  }

  _tick(id) {
    this._clock++;
    if (this._fetching > 0) {
      this._changedAt.set(id, this._clock);
    }
  }
}

/** A signed-in, identity-verified user of one app. */
export class Session {
  /**
   * @param {{appId: string, me?: User|object, userId?: string, token?: string, signature?: string,
   *   baseUrl?: string, presence?: boolean, pingInterval?: number, cacheTtl?: number}} options
   *   `me` (a User) or `userId` names the signed-in user. `token` is a user JWT (HS256, tokenType
   *   "user"); `signature` the legacy hex HMAC-SHA256 of the user id. `cacheTtl` (ms, default 250)
   *   is how long a fetched user answers get() without the network; 0 keeps none.
   */
  constructor({ appId, me, userId, token, signature, baseUrl = '', presence = true, pingInterval = 5000,
                cacheTtl = DEFAULT_CACHE_TTL }) {
    const user = me === undefined ? undefined : me instanceof User ? me : new User(me);
    if (user !== undefined && userId !== undefined && String(userId) !== user.id) {
      throw new TypeError(`Session got me ${user.id} and userId ${userId}; give one of them`);
    }
    const id = user !== undefined ? user.id : userId;
    if (!appId || !id || !(token || signature)) {
      throw new TypeError('Session needs appId, me (or userId) and a token or signature');
    }
    if (typeof cacheTtl !== 'number' || !(cacheTtl >= 0) || cacheTtl === Infinity) {
      throw new TypeError(`cacheTtl must be a number of milliseconds, 0 or more; got ${cacheTtl}`);
    }
    this.appId = appId;
    this.userId = id;
    this.me = user ?? new User(id);
    this._credential = token || signature;
    this._base = `${baseUrl.replace(/\/$/, '')}/v1/${encodeURIComponent(appId)}/client/${encodeURIComponent(id)}`;
    this._cache = new UserCache(cacheTtl);
    this._pending = null;
    this._inFlight = new Map();
    this._openSubscriptions = 0;
    this._pinger = null;
    const fields = user === undefined ? {} : fieldsBesidesId(user);
    const writesMe = Object.keys(fields).length > 0;
    /**
     * Resolves when the session has started: `me`'s fields (if it has any besides the id) are
     * stored. Rejects with a RosterError when they were refused; nothing was written then.
     */
    this.ready = writesMe ? this._start(fields) : Promise.resolve();
    // What every other call waits for while the start is under way, whatever its outcome (so that
    // it sees me as stored); null once settled, so that a call then goes out in the same tick.
    this._starting = writesMe ? this.ready.catch(() => {}).then(() => { this._starting = null; }) : null;
    if (presence) {
      this._ping();
      this._pinger = setInterval(() => this._ping(), pingInterval);
    }
  }

  /** A reference to any user of the app, existing or not. */
  user(id) {
    return new UserRef(this, id);
  }

  /** A reference to any conversation of the app, existing or not, as the signed-in user sees it. */
  conversation(id) {
    return new ConversationRef(this, id);
  }

  /** Stops the presence pings; the session's open subscriptions are left to their owners. */
  destroy() {
    if (this._pinger !== null) {
      clearInterval(this._pinger);
      this._pinger = null;
    }
  }

  // The classic session start: me's fields update the stored user by the patch rule. The server
  // decides, since it knows the app's clientUserSync; with it off, set answers 403 and writes nothing.
  async _start(fields) {
    const names = Object.keys(fields);
    try {
      await this._send('PUT', `/users/${encodeURIComponent(this.userId)}`, fields);
    } catch (error) {
      if (error instanceof RosterError && error.status === 403) {
        throw new RosterError(403, {
          errorCode: error.code,
          message: `Client-side user synchronisation is disabled for app ${this.appId}, so the session's me `
            + `must only have the id present (new User(${JSON.stringify(this.userId)})); it also has `
            + `${names.join(', ')}. Nothing was written: update the user through the REST API instead.`,
          errors: Object.fromEntries(names.map(name => [name, 'Not allowed in me while client-side user synchronisation is disabled.'])),
        }, error);
      }
      throw error;
    } finally {
      this._cache.written(this.userId);
    }
  }

  // An open subscription keeps the user online on the server, so a ping is only needed without one.
  _ping() {
    if (this._openSubscriptions === 0) {
      this._request('POST', '/ping').catch(() => {});
    }
  }

  /** The signed-in user's conversations, as the listing returns them ({data: [...]}). */
  conversations(query = '') {
    return this._request('GET', `/conversations${query ? `?${query}` : ''}`);
  }

  /** Subscribes to the signed-in user's conversation list; onSnapshot gets {data: [...]} on every change. */
  subscribeConversations(onSnapshot) {
    return new Subscription(this, '/conversations/events', onSnapshot);
  }

  _headers(extra = {}) {
    return { Authorization: `Bearer ${this._credential}`, ...extra };
  }

  async _request(method, path, body) {
    if (this._starting !== null) {
      await this._starting;
    }
    return this._send(method, path, body);
  }

  async _send(method, path, body) {
    const init = { method, headers: this._headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    const response = await fetch(this._base + path, init);
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new RosterError(response.status, json);
    }
    return json;
  }

  // A write of user `id`: whatever the outcome, what the cache holds of the user may be outdated.
  async _write(id, method, path, body) {
    try {
      return await this._request(method, path, body);
    } finally {
      this._cache.written(id);
    }
  }

  // Answers from the cache, or shares a fetch in flight that began after the user's last change,
  // or queues the id for the batch of this tick (one request per 100 ids).
  _get(id) {
    const known = this._cache.lookup(id);
    if (known !== MISS) {
      return Promise.resolve(known);
    }
    const flying = this._inFlight.get(id);
    if (flying !== undefined && !this._cache.changedSince(id, flying.stamp)) {
      return flying.promise;
    }
    if (this._pending === null) {
      this._pending = new Map();
      queueMicrotask(() => this._flush());
    }
    let entry = this._pending.get(id);
    if (!entry) {
      entry = {};
      entry.promise = new Promise((resolve, reject) => { entry.resolve = resolve; entry.reject = reject; });
      this._pending.set(id, entry);
    }
    return entry.promise;
  }

  async _flush() {
    if (this._starting !== null) {
      await this._starting;
    }
    const batch = this._pending;
    this._pending = null;
    const stamp = this._cache.begin();
    batch.forEach((entry, id) => {
      entry.stamp = stamp;
      this._inFlight.set(id, entry);
    });
    const ids = [...batch.keys()];
    try {
      for (let i = 0; i < ids.length; i += MAX_BATCH) {
        const chunk = ids.slice(i, i + MAX_BATCH);
        const sentAt = performance.now();
        try {
          const { data } = await this._send('POST', '/users/batchGet', { ids: chunk });
          chunk.forEach(id => {
            const snapshot = deepFreeze(data[id] ?? null);
            this._cache.store(id, snapshot, stamp, sentAt);
            batch.get(id).resolve(snapshot);
          });
        } catch (error) {
          chunk.forEach(id => batch.get(id).reject(error));
        }
        chunk.forEach(id => {
          if (this._inFlight.get(id) === batch.get(id)) {
            this._inFlight.delete(id);
          }
        });
      }
    } finally {
      this._cache.end();
    }
  }
}

/** A reference to one user by id. */
export class UserRef {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  _path(suffix = '') {
    return `/users/${encodeURIComponent(this.id)}${suffix}`;
  }

  /**
   * The public snapshot, or null when there is no such user. Calls in the same tick share one
   * request; a live subscription of the user or a recent fetch answers without one (UserCache).
   */
  get() {
    return this.session._get(this.id);
  }

  /** Creates or updates the user (absent keeps, null resets, custom patches key by key). */
  async set(params) {
    await this.session._write(this.id, 'PUT', this._path(), params);
  }

  /** Creates the user unless it exists; an existing user is left as it is. */
  async createIfNotExists(params) {
    await this.session._write(this.id, 'POST', this._path('/createIfNotExists'), params);
  }

  /** Subscribes to the public snapshot (null while the user does not exist). */
  subscribe(onSnapshot) {
    return new Subscription(this.session, this._path('/events'), onSnapshot, { id: this.id, of: s => s });
  }

  /** Subscribes to {user, isConnected} (null while the user does not exist). */
  subscribeOnline(onSnapshot) {
    return new Subscription(this.session, this._path('/onlineEvents'), onSnapshot,
      { id: this.id, of: s => (s === null ? null : s.user) });
  }
}

/**
 * A reference to one conversation by id, as the signed-in user sees it. Creating or changing it
 * needs the app's clientConversationSync and, for an existing conversation, the signed-in user to
 * take part with ReadWrite access; otherwise the promise rejects with a RosterError 403.
 */
export class ConversationRef {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  _path(suffix = '') {
    return `/conversations/${encodeURIComponent(this.id)}${suffix}`;
  }

  /** The conversation with the signed-in user's entry, or null if it does not exist or they are not in it. */
  get() {
    return this.session._request('GET', this._path());
  }

  /**
   * Sets subject, photoUrl, welcomeMessages, custom (key by key) and the signed-in user's own
   * access and notify; creates the conversation, with the signed-in user in it, when missing.
   */
  async set(params = {}) {
    await this.session._request('PUT', this._path(), params);
  }

  /** Creates the conversation with the signed-in user in it, unless it exists (then nothing changes). */
  async createIfNotExists(params = {}) {
    await this.session._request('POST', this._path('/createIfNotExists'), params);
  }

  /** A reference to one user's participation. */
  participant(userId) {
    return new ParticipantRef(this, userId);
  }

  /** The signed-in user leaves the conversation. */
  leave() {
    return this.participant(this.session.userId).delete();
  }
}

/** A reference to one user's participation in a conversation. */
export class ParticipantRef {
  constructor(conversation, userId) {
    this.conversation = conversation;
    this.userId = userId;
  }

  _path() {
    return this.conversation._path(`/participants/${encodeURIComponent(this.userId)}`);
  }

  /** Adds the user, or overwrites {access, notify} (absent: ReadWrite, true). */
  async set(params = {}) {
    await this.conversation.session._request('PUT', this._path(), params);
  }

  /** Changes {access, notify} of a user who takes part (absent keeps). */
  async edit(params) {
    await this.conversation.session._request('PATCH', this._path(), params);
  }

  /** Removes the user from the conversation. */
  async delete() {
    await this.conversation.session._request('DELETE', this._path());
  }
}

/**
 * A live subscription. `state` is {type: 'pending'}, {type: 'active', latestSnapshot},
 * {type: 'unsubscribed'} or {type: 'error', error}; `connected` resolves when active (rejects if it
 * ends first); `terminated` resolves when it ends. A subscription of a user also answers that
 * user's get() while its stream is current (UserCache); its snapshots are frozen.
 */
export class Subscription {
  /** `user` ({id, of: snapshot => user snapshot}) is given for a subscription of one user. */
  constructor(session, path, onSnapshot, user = null) {
    this.state = { type: 'pending' };
    this._session = session;
    this._url = session._base + path;
    this._onSnapshot = onSnapshot;
    this._lastEventId = null;
    this._abort = null;
    this._watched = user;
    // Whether latestSnapshot is known to be current: an event came on the open connection since
    // the session's last write of the user. Until then the cache does not answer from it.
    this._current = false;
    this._user = null;
    this.connected = new Promise((resolve, reject) => { this._connected = resolve; this._notConnected = reject; });
    this.connected.catch(() => {});
    this.terminated = new Promise(resolve => { this._terminated = resolve; });
    session._openSubscriptions++;
    if (user !== null) {
      session._cache.watch(user.id, this);
    }
    this.terminated.then(() => {
      session._openSubscriptions--;
      if (user !== null) {
        session._cache.unwatch(user.id, this);
      }
    });
    this._run();
  }

  /** Stops the subscription; a no-op when already unsubscribed or in error. */
  unsubscribe() {
    if (this._ended()) {
      return;
    }
    this.state = { type: 'unsubscribed' };
    this._end(new Error('unsubscribed before the subscription became active'));
  }

  _ended() {
    return this.state.type === 'unsubscribed' || this.state.type === 'error';
  }

  _end(reason) {
    this._current = false;
    if (this._abort) {
      this._abort.abort();
    }
    this._notConnected(reason);
    this._terminated();
  }

  _fail(error) {
    if (this._ended()) {
      return;
    }
    this.state = { type: 'error', error };
    this._end(error);
  }

  async _run() {
    if (this._session._starting !== null) {
      await this._session._starting;
    }
    let delay = 250;
    while (!this._ended()) {
      this._abort = new AbortController();
      try {
        const headers = this._session._headers(this._lastEventId ? { 'Last-Event-ID': this._lastEventId } : {});
        const response = await fetch(this._url, { headers, signal: this._abort.signal, cache: 'no-store' });
        if (!response.ok) {
          const text = await response.text();
          const error = new RosterError(response.status, text ? JSON.parse(text) : null);
          if (response.status < 500) {
            this._fail(error);
            return;
          }
          throw error;
        }
        delay = 250;
        await this._read(response.body.getReader());
      } catch (error) {
        if (this._ended()) {
          return;
        }
      }
      this._current = false;
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  async _read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { id: null, name: null, data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (event.data.length > 0 && event.name === 'refused') {
            this._fail(new RosterError(401, JSON.parse(event.data.join('\n'))));
            return;
          }
          if (event.data.length > 0) {
            this._deliver(event.id, JSON.parse(event.data.join('\n')));
          }
          event = { id: null, name: null, data: [] };
        } else if (line.startsWith('event:')) {
          event.name = line.slice(6).trim();
        } else if (line.startsWith('id:')) {
          event.id = line.slice(3).trim();
        } else if (line.startsWith('data:')) {
          event.data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    }
  }

  _deliver(id, snapshot) {
    if (this._ended()) {
      return;
    }
    if (id) {
      this._lastEventId = id;
    }
    if (this._watched !== null) {
      deepFreeze(snapshot);
      this._user = this._watched.of(snapshot);
      this._current = true;
      this._session._cache.changed(this._watched.id, this._user);
    }
    this.state = { type: 'active', latestSnapshot: snapshot };
    this._connected();
    try {
      this._onSnapshot(snapshot);
    } catch (error) {
      this._fail(error);
    }
  }
}
