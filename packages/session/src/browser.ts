import { createServerClock, type ServerClock } from './clock.js'
import type { Dialect, TokenSet } from './dialect.js'
import type { Credentials } from './wire.js'
import { decodeToken } from './jwt.js'
import type { IdlePolicy } from './idle.js'
import { isIdleOver, readLastActivity, trackSessionArrival, writeLastActivity } from './idle-time.js'
import type { LockRunner } from './lock.js'
import { createMemoryTabsStore, COOKIE_SESSION_CHANNEL, type MemoryTabsStore } from './memory-tabs.js'
import { createRememberMeStore, type RememberMeStore } from './remember.js'
import { createSession, type Session } from './session.js'
import { createTokenStore, type TokenStore } from './storage.js'

/** What `createBrowserSession` wires together. */
export interface BrowserSessionOptions {
  /** The server's token endpoints: `createSimplejwtDialect(…)`, `createSlidingDialect(…)`, `createDrfJwtDialect(…)` or your own. */
  dialect: Dialect
  /** Minutes without the user's input (in any tab) after which the session ends, revoked; 0 or absent: never. */
  idleMinutes?: number
}

/** The idle lapse of a browser session (present whether or not it is on: `ms` is 0 when off). */
export interface BrowserIdle {
  /** The lapse's length in ms; 0: off. */
  readonly ms: number
  /** The policy (timers, warning), once this tab's first session loaded it; null before (and when off). */
  policy(): IdlePolicy | null
  /** Calls `callback` with the policy once it is loaded (at once if it is). */
  whenLoaded(callback: (policy: IdlePolicy) => void): void
  /** A login: the new session counts its idle time from now, whatever an earlier one left behind. */
  restart(): void
}

/** A session in this browser: its tokens in Web Storage, synced across tabs, refreshed under Web Locks. */
export interface BrowserSession {
  /** The session core: tokens, refresh, expiry, events. */
  readonly session: Session
  /** The server's dialect it speaks (from the options). */
  readonly dialect: Dialect
  /** The server's clock as estimated from its answers (remembered across reloads). */
  readonly clock: ServerClock
  /**
   * Where the tokens live: localStorage ("Remember me") or each tab's sessionStorage, synced by BroadcastChannel; in
   * cookie mode (`dialect.refreshTokenInCookie`) each tab's memory, synced by BroadcastChannel.
   */
  readonly tokens: RememberMeStore
  /** The idle lapse: its length, its policy once loaded, the restart of its clock at a login. */
  readonly idle: BrowserIdle
  /**
   * Logs in through the dialect: posts the credentials, takes a clock sample from the fresh token's `iat`, keeps
   * the tokens where `remember` says (default true: localStorage; false: this tab's sessionStorage, shared with
   * the app's other tabs while one is open), restarts the idle clock, and starts the session in every tab.
   * Rejects with InvalidCredentialsError for a wrong username or password, ApiError otherwise (400 field errors,
   * 429 with `retryAfterSeconds`, network).
   */
  login(credentials: Credentials, options?: { remember?: boolean }): Promise<void>
  /**
   * Starts the session once this tab has the session other tabs hold (per-tab storage, cookie mode), or, in cookie
   * mode with no tab to ask, the session the cookie restores (one refresh, under the cross-tab lock): loads it, schedules the
   * refresh, follows other tabs, wakes the schedule when the tab is visible, focused or online again, and loads the
   * idle lapse with the first session. Resolves when the session is ready to be read (call once, at start-up).
   */
  start(): Promise<void>
}

/** A Web Storage area, or undefined where touching it throws (some privacy modes). */
function webStorage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return globalThis[name]
  } catch {
    return undefined
  }
}

/**
 * The clock offset is remembered across reloads: with a client clock minutes off, the stored session
 * must be judged on the server's time from the first moment, before any response has been seen.
 */
const CLOCK_OFFSET_KEY = 'vue-jwt-drf.clock-offset.v1'
const REMEMBER_OFFSET_CHANGE_MS = 1000
/** Cookie mode: the lock tabs restoring a session through the cookie share (the refresh's: both spend the cookie). */
const RESTORE_LOCK_NAME = 'vue-jwt-drf.refresh'
/** Cookie mode: pauses between tries of a restore that got no answer. */
const RESTORE_RETRY_DELAYS_MS = [250, 1000]
/** Cookie mode: how long the lock outlives a restore, for its tokens to reach the other tabs over BroadcastChannel. */
const RESTORE_PROPAGATION_MS = 100

function rememberedClock(storage: Storage | undefined): ServerClock {
  let remembered = 0
  try {
    const value = Number(storage?.getItem(CLOCK_OFFSET_KEY) ?? 0)
    remembered = Number.isFinite(value) ? value : 0
  } catch {
    /* a fresh estimate */
  }
  return createServerClock(Date.now, {
    initialOffsetMs: remembered,
    onOffsetChange(offsetMs) {
      if (Math.abs(offsetMs - remembered) < REMEMBER_OFFSET_CHANGE_MS) return
      remembered = offsetMs
      try {
        storage?.setItem(CLOCK_OFFSET_KEY, String(offsetMs))
      } catch {
        /* not remembered: the next page load learns it again */
      }
    },
  })
}

/**
 * The session of a browser app: the session core on localStorage / sessionStorage, BroadcastChannel and Web Locks.
 * The cross-tab lock, the tab sync and the idle lapse's timers are chunks of their own, loaded when first needed
 * (a logged-out login page needs none of them).
 */
export function createBrowserSession(options: BrowserSessionOptions): BrowserSession {
  const { dialect } = options
  const storage = webStorage('localStorage')
  const tabStorage = webStorage('sessionStorage')
  const clock = rememberedClock(storage)
  const idleMs = Math.max(0, (options.idleMinutes ?? 0) * 60_000) || 0

  /** The tab sync (its own chunk) of a copy over `storage`, on BroadcastChannel `channelName` (default: per-tab sessions'). */
  const loadTabSync = async (copy: TokenStore, storage: Storage | undefined, channelName: string | null, onChange: () => void) => {
    const { createLockPresence, createTabSync, TAB_SESSION_CHANNEL } = await import('./tab-sync.js')
    const name = channelName ?? TAB_SESSION_CHANNEL
    return createTabSync({
      copy,
      storage,
      channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined,
      presence: createLockPresence(globalThis.navigator?.locks, `${name}.presence`),
      onChange,
    })
  }
  const memoryTabs: MemoryTabsStore | null = dialect.refreshTokenInCookie
    ? createMemoryTabsStore({
        now: clock.now,
        dialect,
        preferences: storage,
        loadTabSync: (copy, memory, onChange) => loadTabSync(copy, memory, COOKIE_SESSION_CHANNEL, onChange),
      })
    : null
  const perTab = createTokenStore({ storage: tabStorage, now: clock.now, dialect })
  const tokens: RememberMeStore = memoryTabs ?? createRememberMeStore({
    persistent: createTokenStore({ storage, now: clock.now, events: globalThis.window, dialect }),
    perTab,
    preferences: storage,
    events: globalThis.window,
    loadTabSync: (onChange) => loadTabSync(perTab, tabStorage, null, onChange),
  })

  // The idle policy comes with the tab's first session; until then the shared timestamp answers.
  let idlePolicy: IdlePolicy | null = null
  const idleWaiters = new Set<(policy: IdlePolicy) => void>()
  /** The floor under the shared timestamp: when the session reached this tab while it ran. */
  let sessionArrival: () => number | null = () => null
  const idleFloor = () => sessionArrival()
  function idleTimeOver(): boolean {
    if (!idleMs) return false
    if (idlePolicy) return idlePolicy.hasLapsed()
    const last = readLastActivity(storage)
    const floor = idleFloor()
    return isIdleOver(floor !== null && (last === null || floor > last) ? floor : last, idleMs, Date.now())
  }
  const idle: BrowserIdle = {
    ms: idleMs,
    policy: () => idlePolicy,
    whenLoaded(callback) {
      if (idlePolicy) callback(idlePolicy)
      else idleWaiters.add(callback)
    },
    restart() {
      if (idleMs) writeLastActivity(storage, Date.now())
    },
  }

  let lockRunner: Promise<LockRunner> | null = null
  const lazyLock: LockRunner = (name, task) => {
    lockRunner ??= import('./lock.js').then(({ createLockRunner }) => createLockRunner(globalThis.navigator?.locks, storage))
    return lockRunner.then((run) => run(name, task))
  }

  const session = createSession({
    store: tokens,
    clock,
    vetoUse: () => (idleTimeOver() ? 'idle' : null),
    withLock: lazyLock,
    dialect,
  })

  /** The restore, tried again after each pause while it gets no answer (a flaky network, a server restarting); undefined: none came. */
  async function restoreRetrying(restore: () => Promise<TokenSet | null>): Promise<TokenSet | null | undefined> {
    for (const delayMs of [...RESTORE_RETRY_DELAYS_MS, null]) {
      try {
        return await restore()
      } catch {
        if (delayMs === null) return undefined
        await new Promise((resolve) => setTimeout(resolve, delayMs))
      }
    }
    return undefined
  }

  /**
   * Cookie mode, after asking the other tabs: the session the cookie brings back, under the refresh lock (tabs
   * reloaded together restore once: the first one's tokens reach the others before the lock is theirs).
   */
  async function restoreFromCookie(): Promise<void> {
    const restore = dialect.restore?.bind(dialect)
    if (!memoryTabs || !restore || tokens.read() || !memoryTabs.mayRestore()) return
    await lazyLock(RESTORE_LOCK_NAME, async () => {
      if (tokens.read()) return
      const sentAt = clock.localNow()
      const restored = await restoreRetrying(restore)
      if (restored === undefined) return // no answer: start logged out; the hint stays, so the next page load tries again
      if (!restored) return tokens.clear() // the server has no session for this browser: forget the hint
      const iat = decodeToken(restored.access)?.payload.iat
      if (typeof iat === 'number') clock.observe(iat * 1000, 1000, sentAt, clock.localNow())
      tokens.write({ ...restored, accessReceivedAt: clock.now() })
      await new Promise((resolve) => setTimeout(resolve, RESTORE_PROPAGATION_MS))
    })
  }

  let started: Promise<void> | null = null
  function start(): Promise<void> {
    started ??= tokens.join().then(restoreFromCookie).then(() => {
      session.start()
      if (idleMs) sessionArrival = trackSessionArrival(session, () => Date.now()) // before the policy's listeners
      let idleInstalled = false
      const installIdle = () => {
        if (idleInstalled || !idleMs || !session.current()) return
        idleInstalled = true
        void import('./idleActivity.js').then(({ installIdleLapse }) => {
          const policy = installIdleLapse(session, { idleMs, storage, floor: idleFloor })
          idlePolicy = policy
          idleWaiters.forEach((waiter) => waiter(policy))
          idleWaiters.clear()
        })
      }
      session.on(installIdle)
      installIdle()
      // Timers sleep in background tabs: look at the schedule again whenever the tab comes back.
      const wake = () => session.wake()
      globalThis.document?.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') wake()
      })
      globalThis.window?.addEventListener('focus', wake)
      globalThis.window?.addEventListener('online', wake)
    })
    return started
  }

  async function login(credentials: Credentials, options: { remember?: boolean } = {}): Promise<void> {
    const sentAt = clock.localNow()
    const remember = options.remember ?? true
    const obtained = await dialect.obtain(credentials, { remember })
    // A fresh token's `iat` is the server's clock: a skew sample even where `Date` is unreadable (CORS).
    const iat = decodeToken(obtained.access)?.payload.iat
    if (typeof iat === 'number') clock.observe(iat * 1000, 1000, sentAt, clock.localNow())
    await tokens.choose(remember)
    idle.restart()
    session.establish(obtained)
  }

  return { session, dialect, clock, tokens, idle, login, start }
}
