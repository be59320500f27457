// Roster's browser client: the shape of the TalkJS Data API over Roster's browser-facing API
// (/v1/{appId}/client/{me}/…). An ES module without dependencies; served at /roster-client.js.
//
//   import { Session } from '/roster-client.js';
//   const session = new Session({ appId, userId, token });      // or { signature } (legacy)
//   const user = session.user('alice');
//   await user.get();                                            // public snapshot or null
//   await user.set({ name: 'Alice' });
//   const sub = user.subscribe(snapshot => render(snapshot));    // {state, connected, terminated, unsubscribe()}
//   const chat = session.conversation('c1');
//   await chat.createIfNotExists({ subject: 'Plans' });          // also set(), get(), leave()
//   await chat.participant('bob').set({ access: 'Read' });      // also edit(), delete()
//
// While the session lives and no subscription is open, it pings every 5 s (pingInterval) so the
// signed-in user stays online (an open subscription keeps them online by itself); destroy() stops it.
//
// get() calls made in the same tick are sent as one request. Subscriptions are server-sent
// events read through fetch (so the Authorization header can be sent); they reconnect with
// Last-Event-ID and never miss the latest state.

const MAX_BATCH = 100;

/** An error answered by the server: `status`, `code` (errorCode) and `errors` per field. */
export class RosterError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.name = 'RosterError';
    this.status = status;
    this.code = body && body.errorCode;
    this.errors = (body && body.errors) || {};
  }
}

/** A signed-in, identity-verified user of one app. */
export class Session {
  /**
   * @param {{appId: string, userId: string, token?: string, signature?: string, baseUrl?: string}} options
   *   `token` is a user JWT (HS256, tokenType "user"); `signature` the legacy hex HMAC-SHA256 of userId.
   */
  constructor({ appId, userId, token, signature, baseUrl = '', presence = true, pingInterval = 5000 }) {
    if (!appId || !userId || !(token || signature)) {
      throw new TypeError('Session needs appId, userId and a token or signature');
    }
    this.appId = appId;
    this.userId = userId;
    this._credential = token || signature;
    this._base = `${baseUrl.replace(/\/$/, '')}/v1/${encodeURIComponent(appId)}/client/${encodeURIComponent(userId)}`;
    this._pending = null;
    this._openSubscriptions = 0;
    this._pinger = null;
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

  // Queues one id for the batch of this tick; the batch goes out as one request per 100 ids.
  _get(id) {
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
    const batch = this._pending;
    this._pending = null;
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += MAX_BATCH) {
      const chunk = ids.slice(i, i + MAX_BATCH);
      try {
        const { data } = await this._request('POST', '/users/batchGet', { ids: chunk });
        chunk.forEach(id => batch.get(id).resolve(data[id] ?? null));
      } catch (error) {
        chunk.forEach(id => batch.get(id).reject(error));
      }
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

  /** The public snapshot, or null when there is no such user. Calls in the same tick share one request. */
  get() {
    return this.session._get(this.id);
  }

  /** Creates or updates the user (absent keeps, null resets, custom patches key by key). */
  async set(params) {
    await this.session._request('PUT', this._path(), params);
  }

  /** Creates the user unless it exists; an existing user is left as it is. */
  async createIfNotExists(params) {
    await this.session._request('POST', this._path('/createIfNotExists'), params);
  }

  /** Subscribes to the public snapshot (null while the user does not exist). */
  subscribe(onSnapshot) {
    return new Subscription(this.session, this._path('/events'), onSnapshot);
  }

  /** Subscribes to {user, isConnected} (null while the user does not exist). */
  subscribeOnline(onSnapshot) {
    return new Subscription(this.session, this._path('/onlineEvents'), onSnapshot);
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
 * ends first); `terminated` resolves when it ends.
 */
export class Subscription {
  constructor(session, path, onSnapshot) {
    this.state = { type: 'pending' };
    this._session = session;
    this._url = session._base + path;
    this._onSnapshot = onSnapshot;
    this._lastEventId = null;
    this._abort = null;
    this.connected = new Promise((resolve, reject) => { this._connected = resolve; this._notConnected = reject; });
    this.connected.catch(() => {});
    this.terminated = new Promise(resolve => { this._terminated = resolve; });
    session._openSubscriptions++;
    this.terminated.then(() => { session._openSubscriptions--; });
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
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  async _read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { id: null, data: [] };
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
          if (event.data.length > 0) {
            this._deliver(event.id, JSON.parse(event.data.join('\n')));
          }
          event = { id: null, data: [] };
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
    this.state = { type: 'active', latestSnapshot: snapshot };
    this._connected();
    try {
      this._onSnapshot(snapshot);
    } catch (error) {
      this._fail(error);
    }
  }
}
