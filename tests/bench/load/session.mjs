// A virtual user's session, kept like the app keeps it: log in, refresh the access token shortly before it
// expires (rotating the refresh token), refresh and retry once on a 401, log out (blacklist) at the end.
// A refresh that fails on the network or with 502/503/504 (the app server died under it) is sent again: with the
// device sessions' grace window the server answers it with the successor it already issued; without it, a refresh
// that the dead server had carried out is refused, and the session is lost (counted, then a new login).

/** What a retry may fix: no answer, or nginx found no app server to answer. */
export const RETRYABLE = new Set(['network', 502, 503, 504])
/** Refresh this long before the access token expires (the app's margin is of the same kind). */
const REFRESH_MARGIN_MS = 1000
/** Waits before the retries of a refresh or an idempotent request (ms). */
const RETRY_DELAYS_MS = [200, 500, 1000]

/**
 * What the sessions saw, added up over all virtual users.
 * @typedef {object} SessionCounters
 * @property {number} logins
 * @property {number} refreshes refreshes answered 200
 * @property {number} refusedRefreshes refreshes answered 401 (the session ends)
 * @property {number} refreshRetries refresh attempts sent again after no answer or a 502/503/504
 * @property {number} healedRefreshes refreshes that succeeded on a retry
 * @property {number} unauthorizedAfterRefresh 401s to an access token fresh from a successful refresh
 * @property {number} sessionsLost sessions that ended without a logout (a refused refresh)
 * @property {number} requestRetries idempotent requests sent again after no answer or a 502/503/504
 * @property {Map<string, number>} userVisibleErrors what failed after retries, by 'endpoint outcome'
 */

/** @returns {SessionCounters} */
export function newCounters() {
  return {
    logins: 0,
    refreshes: 0,
    refusedRefreshes: 0,
    refreshRetries: 0,
    healedRefreshes: 0,
    unauthorizedAfterRefresh: 0,
    sessionsLost: 0,
    requestRetries: 0,
    userVisibleErrors: new Map(),
  }
}

const wait = (/** @type {number} */ ms) => new Promise((resolveWait) => setTimeout(resolveWait, ms))

/** A token's exp claim in ms (the payload is read, not verified: the server verifies it). */
function expiresAt(/** @type {string} */ token) {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
  return Number(payload.exp) * 1000
}

/**
 * @typedef {object} CallOptions
 * @property {string} endpoint
 * @property {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} method
 * @property {string} path
 * @property {unknown} [json]
 */

/**
 * A session of one account over a load client.
 * @param {import('./client.mjs').LoadClient} client
 * @param {{ username: string, password: string }} account
 * @param {SessionCounters} counters
 */
export function createSession(client, account, counters) {
  let access = ''
  let refresh = ''
  let accessExpiresAt = 0
  let accessFromRefresh = false

  const fail = (/** @type {string} */ endpoint, /** @type {import('./client.mjs').Outcome} */ outcome) => {
    const key = `${endpoint} ${outcome}`
    counters.userVisibleErrors.set(key, (counters.userVisibleErrors.get(key) ?? 0) + 1)
  }

  /** POST /api/token/ (sent again on no answer or 502-504: a login is safe to repeat). */
  async function login() {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await client.send({ endpoint: 'POST /api/token/', method: 'POST', path: '/api/token/', json: account })
      if (answer.status === 200) {
        counters.logins += 1
        access = answer.data.access
        refresh = answer.data.refresh
        accessExpiresAt = expiresAt(access)
        accessFromRefresh = false
        return true
      }
      if (!RETRYABLE.has(answer.status) || attempt >= RETRY_DELAYS_MS.length) {
        fail('POST /api/token/', answer.status)
        return false
      }
      await wait(RETRY_DELAYS_MS[attempt] ?? 0)
    }
  }

  /** Rotates the pair; false when the server refused (the session is lost: a new login follows). */
  async function rotate() {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await client.send({ endpoint: 'POST /api/token/refresh/', method: 'POST', path: '/api/token/refresh/', json: { refresh } })
      if (answer.status === 200) {
        counters.refreshes += 1
        if (attempt > 0) counters.healedRefreshes += 1
        access = answer.data.access
        refresh = answer.data.refresh ?? refresh // without rotation the refresh token stays
        accessExpiresAt = expiresAt(access)
        accessFromRefresh = true
        return true
      }
      if (answer.status === 401) {
        counters.refusedRefreshes += 1
        break
      }
      if (!RETRYABLE.has(answer.status) || attempt >= RETRY_DELAYS_MS.length) {
        fail('POST /api/token/refresh/', answer.status)
        break
      }
      counters.refreshRetries += 1
      await wait(RETRY_DELAYS_MS[attempt] ?? 0)
    }
    counters.sessionsLost += 1
    return login()
  }

  /**
   * An API call as the app makes it: a fresh access token first, one refresh and retry on a 401, and (idempotent
   * methods only) sent again on no answer or a 502-504. Resolves the answer; a failure is counted as user-visible.
   * @param {CallOptions} options
   */
  async function call({ endpoint, method, path, json }) {
    if (!access || Date.now() > accessExpiresAt - REFRESH_MARGIN_MS) await rotate()
    const idempotent = method !== 'POST' && method !== 'PATCH'
    for (let attempt = 0; ; attempt += 1) {
      let answer = await client.send({ endpoint, method, path, access, json })
      if (answer.status === 401) {
        if (accessFromRefresh) counters.unauthorizedAfterRefresh += 1
        if (await rotate()) answer = await client.send({ endpoint, method, path, access, json })
      }
      if (answer.status !== 'network' && answer.status < 400) return answer
      if (!idempotent || !RETRYABLE.has(answer.status) || attempt >= RETRY_DELAYS_MS.length) {
        fail(endpoint, answer.status)
        return answer
      }
      counters.requestRetries += 1
      await wait(RETRY_DELAYS_MS[attempt] ?? 0)
    }
  }

  /** POST /api/token/blacklist/ with the refresh token: the session ends on the server too. */
  async function logout() {
    const answer = await client.send({ endpoint: 'POST /api/token/blacklist/', method: 'POST', path: '/api/token/blacklist/', json: { refresh } })
    if (answer.status !== 200) fail('POST /api/token/blacklist/', answer.status)
  }

  return { login, call, logout }
}

/** @typedef {ReturnType<typeof createSession>} Session */
