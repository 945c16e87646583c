import { createServerClock } from '@/auth/clock'
import type { IdlePolicy } from '@/auth/idle'
import { isIdleOver, readLastActivity, trackSessionArrival, writeLastActivity } from '@/auth/idle-time'
import type { TokenPost } from '@/auth/dialect'
import { createConfiguredDialect } from '@/auth/dialects/configured'
import type { LockRunner } from '@/auth/lock'
import { createRememberMeStore } from '@/auth/remember'
import { createSession } from '@/auth/session'
import { createTokenStore } from '@/auth/storage'
import { config } from '@/config'
import { http } from '@/http/client'

/** A Web Storage area, or undefined where touching it throws (some privacy modes). */
function webStorage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return globalThis[name]
  } catch {
    return undefined
  }
}
/** localStorage: shared by every tab of the browser. */
export const storage = webStorage('localStorage')

/**
 * The clock offset is remembered across reloads: with a client clock minutes off, the stored session
 * must be judged on the server's time from the first moment, before any response has been seen.
 */
const CLOCK_OFFSET_KEY = 'vue-jwt-drf.clock-offset.v1'
const REMEMBER_OFFSET_CHANGE_MS = 1000
let rememberedOffset = readRememberedOffset()

function readRememberedOffset(): number {
  try {
    const value = Number(storage?.getItem(CLOCK_OFFSET_KEY) ?? 0)
    return Number.isFinite(value) ? value : 0
  } catch {
    return 0
  }
}

function rememberOffset(offsetMs: number): void {
  if (Math.abs(offsetMs - rememberedOffset) < REMEMBER_OFFSET_CHANGE_MS) return
  rememberedOffset = offsetMs
  try {
    storage?.setItem(CLOCK_OFFSET_KEY, String(offsetMs))
  } catch {
    /* not remembered: the next page load learns it again */
  }
}

/** The app's server clock and session: the browser's storage, Web Locks and the API layer. */
export const serverClock = createServerClock(Date.now, { initialOffsetMs: rememberedOffset, onOffsetChange: rememberOffset })

/** Token endpoints: no Authorization, no refresh, no global toast (the session and the login page report). */
const postToTokenEndpoint: TokenPost = async (path, body, options = {}) => {
  const data = options.form ? new URLSearchParams(body) : body
  return (await http.post(path, data, { timeout: options.timeout, skipAuth: true, skipErrorToast: true })).data
}

/** The server's dialect (VITE_AUTH_DIALECT), the only one in this build. */
export const dialect = createConfiguredDialect({
  post: postToTokenEndpoint,
  paths: config.authPaths,
  headerPrefix: config.authHeaderPrefix,
  drfJwtRefreshSeconds: config.drfJwtRefreshSeconds,
})

/** Where the tokens live: localStorage ("Remember me") or the tabs' sessionStorage, synced by BroadcastChannel. */
const tabStorage = webStorage('sessionStorage')
const perTab = createTokenStore({ storage: tabStorage, now: serverClock.now, dialect })
export const tokenStorage = createRememberMeStore({
  persistent: createTokenStore({ storage, now: serverClock.now, events: globalThis.window, dialect }),
  perTab,
  preferences: storage,
  events: globalThis.window,
  loadTabSync: async (onChange) => {
    const { createLockPresence, createTabSync, TAB_SESSION_CHANNEL } = await import('@/auth/tab-sync')
    return createTabSync({
      copy: perTab,
      storage: tabStorage,
      channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel(TAB_SESSION_CHANNEL) : undefined,
      presence: createLockPresence(globalThis.navigator?.locks),
      onChange,
    })
  },
})

/** The idle lapse's length (VITE_IDLE_MINUTES); 0: off. */
export const IDLE_MS = config.idleMinutes * 60_000

/**
 * The idle policy (timers, warning) is a chunk of its own, loaded with the tab's first session
 * (plugins/idle.ts): a logged-out /login doesn't need it. Until it is there, the shared timestamp
 * answers whether a session is past its idle time.
 */
let idlePolicy: IdlePolicy | null = null
const idlePolicyWaiters = new Set<(policy: IdlePolicy) => void>()

export function provideIdlePolicy(policy: IdlePolicy): void {
  idlePolicy = policy
  idlePolicyWaiters.forEach((waiter) => waiter(policy))
  idlePolicyWaiters.clear()
}

/** Calls `callback` with the idle policy once it is loaded (at once if it is). */
export function withIdlePolicy(callback: (policy: IdlePolicy) => void): void {
  if (idlePolicy) callback(idlePolicy)
  else idlePolicyWaiters.add(callback)
}

export const loadedIdlePolicy = (): IdlePolicy | null => idlePolicy

/** A login: the new session counts its idle time from now, whatever an earlier one left behind. */
export function restartIdleClock(): void {
  if (IDLE_MS) writeLastActivity(storage, Date.now())
}

/** The floor under the shared timestamp: when the session reached this tab while it ran (set by startIdleFloor()). */
let sessionArrival: () => number | null = () => null
export const idleFloor = () => sessionArrival()

function idleTimeOver(): boolean {
  if (!IDLE_MS) return false
  if (idlePolicy) return idlePolicy.hasLapsed()
  const last = readLastActivity(storage)
  const floor = idleFloor()
  return isIdleOver(floor !== null && (last === null || floor > last) ? floor : last, IDLE_MS, Date.now())
}

/** The cross-tab lock is needed only to refresh: its code loads then, not with the login page. */
let lockRunner: Promise<LockRunner> | null = null
const lazyLock: LockRunner = (name, task) => {
  lockRunner ??= import('@/auth/lock').then(({ createLockRunner }) => createLockRunner(globalThis.navigator?.locks, storage))
  return lockRunner.then((run) => run(name, task))
}

export const session = createSession({
  store: tokenStorage,
  clock: serverClock,
  vetoUse: () => (idleTimeOver() ? 'idle' : null),
  withLock: lazyLock,
  dialect,
})

/** Follows the session's arrivals in this tab from now on (plugins/session.ts, once the session has started). */
export function startIdleFloor(): void {
  sessionArrival = trackSessionArrival(session, () => Date.now())
}
