import { ApiError, SessionExpiredError } from './errors.js'
import type { ServerClock } from './clock.js'
import type { Dialect, TokenSet } from './dialect.js'
import type { LockRunner } from './lock.js'
import { MAX_TIMER_MS, refreshDueAt } from './schedule.js'
import type { StoredSession, TokenStore } from './storage.js'

/**
 * The session core: the one owner of the tokens. Framework-free; the Pinia store and the axios
 * interceptors are thin bindings around it.
 *
 * - `freshAccessToken()` is what a request asks for: the access token, refreshed first if due.
 * - `refresh()` is single-flight within the tab and runs under a cross-tab lock; inside the lock
 *   the stored tokens are read again, so a token another tab already refreshed is used as is and
 *   a (possibly rotated) refresh token is never spent twice.
 * - When the session can't be healed, `expire()` clears it in every tab and emits one `expired`.
 */
export type SessionEvent =
  | { type: 'changed' }
  /** The session could not be healed (emitted once per session, in the tab that found out). */
  | { type: 'expired'; reason: ExpiryReason }
  /** Another tab logged in, or logged out / expired. */
  | { type: 'remote-login' }
  | { type: 'remote-logout' }
  | { type: 'logout' }

export type ExpiryReason = 'refresh-rejected' | 'refresh-expired' | 'rejected-after-refresh' | 'forbidden' | 'idle'

export interface SessionDeps {
  store: TokenStore
  clock: ServerClock
  withLock: LockRunner
  /** The server's token endpoints and tokens (simplejwt pairs, sliding, drf-jwt…). */
  dialect: Dialect
  /**
   * A policy around the core (the idle lapse) that may forbid using the session: asked before the
   * tokens are used (a request, a refresh); a reason ends the session, revoked, before anything is sent.
   */
  vetoUse?: () => ExpiryReason | null
  /** Injected for fake timers in tests. */
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  lockName?: string
}

export interface Session {
  /** Loads the stored session, follows other tabs and schedules the proactive refresh. */
  start(): void
  stop(): void
  current(): StoredSession | null
  isLoggedIn(): boolean
  /** The current access token, refreshed first when due; null without a session. Rejects with SessionExpiredError. */
  freshAccessToken(): Promise<string | null>
  /** Replaces a token the server refused: one refresh shared by every caller, unless another tab/caller already did. */
  refreshAfterRejection(rejectedAccess: string): Promise<string>
  /** Refreshes now (the "Refresh now" button, the proactive timer). */
  refresh(): Promise<string>
  /** Adopts freshly obtained tokens (login). */
  establish(tokens: TokenSet): void
  /**
   * Ends a session that can't be healed: clear in every tab, abort in-flight requests, emit `expired` once.
   * `revoke`: the server would still accept it (the app ends it, e.g. idle), so end it there too where the
   * dialect can, best effort.
   */
  expire(reason: ExpiryReason, options?: { revoke?: boolean }): void
  /**
   * Clears the session everywhere, even offline, and ends it on the server where the dialect can (best effort),
   * unless told the server has revoked it already (`blacklist: false`, after "log out everywhere").
   */
  logout(options?: { blacklist?: boolean }): Promise<void>
  /** Aborted when the session ends (logout, expiry): attach to in-flight API requests. */
  signal(): AbortSignal
  /** Re-checks the refresh schedule (tab visible again, focus, back online: timers sleep in background tabs). */
  wake(): void
  on(listener: (event: SessionEvent) => void): () => void
}

const DEFAULT_LOCK_NAME = 'vue-jwt-drf.refresh'
const RETRY_MIN_MS = 1_000
const RETRY_MAX_MS = 30_000
/** How long the lock outlives a refresh, for the new tokens to reach other tabs' localStorage. */
const STORAGE_PROPAGATION_MS = 100
/** Time allowed for a refresh request to reach the server, where an expired token can't be renewed. */
const REFRESH_TRAVEL_MS = 250
/** How long a tab whose refresh token was refused waits for another tab that may have rotated it to share the new one. */
const OTHER_TAB_WAIT_MS = 1500

/**
 * simplejwt refused the refresh token (401 token_not_valid): blacklisted, expired or invalid alike. The reason
 * is only in `detail`, in the user's language, so it is never read: any such refusal may be a rotation race.
 */
function isRefreshTokenRefused(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'http' && error.status === 401 && error.code === 'token_not_valid'
}

/** What a refresh spends or presents: the refresh token, or the one token of single-token dialects. */
function credentialOf(session: StoredSession): string {
  return session.refresh ?? session.access
}

/**
 * A refresh that got no answer (the connection dropped, a timeout, a proxy's 502/503/504) is tried again at once,
 * after these pauses: the server may have acted and the answer been lost, and a server with a grace window gives
 * the just-spent refresh token the same successor again, so the retry heals it. Real timers: this waits for the
 * network, not for tokens to age.
 */
const REFRESH_RETRY_DELAYS_MS = [250, 1000]

/** No answer from the server itself: worth the same request again. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  return error.kind === 'network' || error.kind === 'timeout' || [502, 503, 504].includes(error.status)
}

/** Logout is best effort: an unreachable server must not keep the user waiting. */
const LOGOUT_TIMEOUT_MS = 3000

function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'http' && [400, 401, 403].includes(error.status)
}

export function createSession(deps: SessionDeps): Session {
  const { store, clock, dialect } = deps
  const setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms))
  const clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>))
  const lockName = deps.lockName ?? DEFAULT_LOCK_NAME
  const listeners = new Set<(event: SessionEvent) => void>()

  let state: StoredSession | null = null
  let inflight: Promise<string> | null = null
  let timer: unknown = null
  let failures = 0
  let abort = new AbortController()
  let unsubscribe: (() => void) | null = null

  const emit = (event: SessionEvent) => listeners.forEach((listener) => listener(event))

  /** The hard end of the session: nothing renews it after this (0 when the tokens can't be read). */
  function refreshExpiresAt(session: StoredSession): number {
    return dialect.describe(session)?.endsAt ?? 0
  }
  function dueAt(session: StoredSession): number {
    const times = dialect.describe(session)
    if (!times) return 0
    // A dialect that can't refresh just runs until its end.
    if (!dialect.refresh) return times.endsAt
    let due = refreshDueAt(session.accessReceivedAt, times.accessExpiresAt)
    // Sliding, drf-jwt: a refresh that arrives after exp is refused for good, so the clock's doubt counts too.
    // Never before half its lifetime though: a short token must not set off a refresh at every request.
    if (dialect.refreshNeedsUnexpiredToken) {
      const halfway = (session.accessReceivedAt + times.accessExpiresAt) / 2
      due = Math.max(halfway, due - clock.uncertaintyMs() - REFRESH_TRAVEL_MS)
    }
    return Math.min(due, times.endsAt)
  }
  function isDue(session: StoredSession): boolean {
    return dueAt(session) <= clock.now()
  }

  /** Makes `next` the session of this tab (storage is written by the caller when it changes). */
  function adopt(next: StoredSession | null): void {
    const changed = next?.access !== state?.access || next?.refresh !== state?.refresh
    if (state && !next) {
      abort.abort()
      abort = new AbortController()
    }
    state = next
    schedule()
    if (changed) emit({ type: 'changed' })
  }

  function schedule(): void {
    if (timer !== null) clearTimer(timer)
    timer = null
    if (!state) return
    const retryDelay = failures ? Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)) : 0
    const delay = Math.max(dueAt(state) - clock.now(), retryDelay)
    timer = setTimer(onTimer, Math.min(delay, MAX_TIMER_MS))
  }

  function onTimer(): void {
    timer = null
    if (!state || vetoed()) return
    if (!isDue(state)) return schedule()
    refreshOnce(state.access).catch(() => {
      /* expiry is emitted by refresh itself; a network failure is retried by schedule() */
    })
  }

  function expire(reason: ExpiryReason, options: { revoke?: boolean } = {}): void {
    if (!state) return
    const ending = state
    store.clear()
    adopt(null)
    emit({ type: 'expired', reason })
    if (options.revoke && dialect.end) dialect.end(ending, { timeout: LOGOUT_TIMEOUT_MS }).catch(() => undefined)
  }

  /** True when a policy forbids using the session now; it has then been ended (and revoked). */
  function vetoed(): boolean {
    const reason = state ? deps.vetoUse?.() : null
    if (!reason) return false
    expire(reason, { revoke: true })
    return true
  }

  /**
   * Resolves after `ms`, or as soon as another tab changes the stored session. Real timers, not the
   * injected ones: this waits for the browser to move data between tabs, not for tokens to age.
   */
  function otherTabOrTimeout(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = setTimeout(done, ms)
      const unsubscribeOnce = store.subscribeToOtherTabs(done)
      function done(): void {
        clearTimeout(handle)
        unsubscribeOnce()
        resolve()
      }
    })
  }

  /**
   * The refresh itself, inside the cross-tab lock. `stale` is the access token the caller gave up on.
   * Returns the access token to use and whether a refresh token was spent on the network.
   */
  async function refreshInsideLock(stale: string | null): Promise<{ access: string; spent: boolean }> {
    const stored = store.read()
    if (!stored) {
      // Another tab logged out, or the refresh token expired meanwhile.
      if (state) expire('refresh-expired')
      throw new SessionExpiredError('no session')
    }
    if (stored.access !== stale && !isDue(stored)) {
      failures = 0
      adopt(stored) // another tab (or an earlier caller) refreshed already: no network call
      return { access: stored.access, spent: false }
    }
    if (refreshExpiresAt(stored) <= clock.now()) {
      state = state ?? stored
      expire('refresh-expired')
      throw new SessionExpiredError('refresh token expired')
    }
    const renew = dialect.refresh?.bind(dialect)
    if (!renew) {
      state = state ?? stored
      expire('refresh-expired')
      throw new SessionExpiredError('this server cannot renew a session')
    }
    let result: TokenSet
    try {
      result = await refreshRetryingTransient(renew, stored)
    } catch (error) {
      if (!isRefusal(error)) {
        failures += 1
        schedule()
        throw error
      }
      // With rotation on, another tab may have spent this token (now blacklisted) and its new one hasn't
      // reached our copy of localStorage yet. Wait (briefly) for it rather than log the user out.
      const mayBeSpentElsewhere = dialect.refreshSpendsCredential && isRefreshTokenRefused(error)
      if (mayBeSpentElsewhere && store.read()?.refresh === stored.refresh) await otherTabOrTimeout(OTHER_TAB_WAIT_MS)
      const latest = store.read()
      if (latest && credentialOf(latest) !== credentialOf(stored)) {
        adopt(latest)
        return { access: latest.access, spent: true }
      }
      state = state ?? stored
      expire('refresh-rejected')
      throw new SessionExpiredError('refresh refused')
    }
    // Ended while the request was out (logout or expiry, here or in another tab): don't bring it back.
    if (!state) throw new SessionExpiredError('session ended during refresh')
    // The session was replaced while the refresh was on its way (a login, a password change, a logout, here or in
    // another tab): what it brought belongs to the session before, which the server may have revoked. Keep the new one.
    const latest = store.read()
    if (latest?.access !== stored.access || latest?.refresh !== stored.refresh) {
      adopt(latest)
      if (!latest) throw new SessionExpiredError('session ended')
      return { access: latest.access, spent: true }
    }
    const next: StoredSession = { ...result, accessReceivedAt: clock.now() }
    if (!dialect.describe(next)) {
      failures += 1
      schedule()
      throw new ApiError('bad-response', 200, undefined, undefined, {})
    }
    failures = 0
    store.write(next)
    adopt(next)
    return { access: next.access, spent: true }
  }

  /** The dialect's refresh, tried again after each pause of REFRESH_RETRY_DELAYS_MS while it gets no answer. */
  async function refreshRetryingTransient(refresh: (tokens: TokenSet) => Promise<TokenSet>, stored: StoredSession): Promise<TokenSet> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await refresh(stored)
      } catch (error) {
        const delayMs = REFRESH_RETRY_DELAYS_MS[attempt]
        // Not once the session is gone (a logout meanwhile): nothing is waiting for it.
        if (delayMs === undefined || !isTransient(error) || !state) throw error
        await new Promise((resolve) => setTimeout(resolve, delayMs))
      }
    }
  }

  /**
   * Runs the refresh under the lock and answers the callers as soon as it is done. After spending a
   * refresh token, the lock is kept a moment longer: localStorage reaches other tabs (other renderer
   * processes) asynchronously and Web Locks don't wait for it, so a tab granted the lock at once
   * could still read the old, now blacklisted, refresh token.
   */
  function runRefresh(stale: string | null): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      deps
        .withLock(lockName, async () => {
          const { access, spent } = await refreshInsideLock(stale)
          resolve(access)
          if (spent) await new Promise<void>((settle) => setTimeout(settle, STORAGE_PROPAGATION_MS))
        })
        .catch(reject)
    })
  }

  function refreshOnce(stale: string | null): Promise<string> {
    if (!inflight) {
      inflight = runRefresh(stale).finally(() => {
        inflight = null
      })
    }
    return inflight
  }

  const session: Session = {
    start() {
      if (unsubscribe) return
      state = store.read()
      schedule()
      unsubscribe = store.subscribeToOtherTabs(() => {
        const before = state
        const next = store.read()
        adopt(next)
        if (!before && next) emit({ type: 'remote-login' })
        else if (before && !next) emit({ type: 'remote-logout' })
      })
    },
    stop() {
      unsubscribe?.()
      unsubscribe = null
      if (timer !== null) clearTimer(timer)
      timer = null
    },
    current: () => state,
    isLoggedIn: () => state !== null && refreshExpiresAt(state) > clock.now() && !deps.vetoUse?.(),
    async freshAccessToken() {
      if (!state) return null
      if (vetoed()) throw new SessionExpiredError('vetoed')
      if (!isDue(state)) return state.access
      return refreshOnce(state.access)
    },
    async refreshAfterRejection(rejectedAccess) {
      if (!state) throw new SessionExpiredError('no session')
      if (vetoed()) throw new SessionExpiredError('vetoed')
      if (state.access !== rejectedAccess && !isDue(state)) return state.access
      return refreshOnce(rejectedAccess)
    },
    async refresh() {
      if (!state) throw new SessionExpiredError('no session')
      if (vetoed()) throw new SessionExpiredError('vetoed')
      return refreshOnce(state.access)
    },
    establish(tokens) {
      failures = 0
      const next: StoredSession = { access: tokens.access, refresh: tokens.refresh, accessReceivedAt: clock.now() }
      store.write(next)
      adopt(next)
    },
    expire,
    async logout({ blacklist = true } = {}) {
      const ending = state ?? store.read()
      store.clear()
      adopt(null)
      emit({ type: 'logout' })
      // Where the server can't revoke (sliding, drf-jwt), forgetting the token in every tab is all logout does.
      if (ending && blacklist && dialect.end) await dialect.end(ending, { timeout: LOGOUT_TIMEOUT_MS }).catch(() => undefined)
    },
    signal: () => abort.signal,
    wake() {
      if (!unsubscribe) return
      const stored = store.read()
      if (stored?.access !== state?.access) adopt(stored)
      else schedule()
      if (state && isDue(state)) onTimer()
    },
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return session
}
