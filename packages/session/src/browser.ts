import { createServerClock, type ServerClock } from './clock.js'
import type { Dialect } from './dialect.js'
import type { Credentials } from './wire.js'
import { decodeToken } from './jwt.js'
import type { IdlePolicy } from './idle.js'
import { isIdleOver, readLastActivity, trackSessionArrival, writeLastActivity } from './idle-time.js'
import type { LockRunner } from './lock.js'
import { createRememberMeStore, type RememberMeStore } from './remember.js'
import { createSession, type Session } from './session.js'
import { createTokenStore } from './storage.js'

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
  /** Where the tokens live: localStorage ("Remember me") or each tab's sessionStorage, synced by BroadcastChannel. */
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
   * Starts the session once this tab has the session other tabs hold (per-tab storage): loads it, schedules the
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

  const perTab = createTokenStore({ storage: tabStorage, now: clock.now, dialect })
  const tokens = createRememberMeStore({
    persistent: createTokenStore({ storage, now: clock.now, events: globalThis.window, dialect }),
    perTab,
    preferences: storage,
    events: globalThis.window,
    loadTabSync: async (onChange) => {
      const { createLockPresence, createTabSync, TAB_SESSION_CHANNEL } = await import('./tab-sync.js')
      return createTabSync({
        copy: perTab,
        storage: tabStorage,
        channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel(TAB_SESSION_CHANNEL) : undefined,
        presence: createLockPresence(globalThis.navigator?.locks),
        onChange,
      })
    },
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

  let started: Promise<void> | null = null
  function start(): Promise<void> {
    started ??= tokens.join().then(() => {
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
    const obtained = await dialect.obtain(credentials)
    // A fresh token's `iat` is the server's clock: a skew sample even where `Date` is unreadable (CORS).
    const iat = decodeToken(obtained.access)?.payload.iat
    if (typeof iat === 'number') clock.observe(iat * 1000, 1000, sentAt, clock.localNow())
    await tokens.choose(options.remember ?? true)
    idle.restart()
    session.establish(obtained)
  }

  return { session, dialect, clock, tokens, idle, login, start }
}
