import { isIdleOver, LAST_ACTIVITY_KEY, readLastActivity, writeLastActivity } from './idle-time.js'
import { MAX_TIMER_MS } from './schedule.js'

/**
 * Idle lapse, the classic server session's rule: a session nobody has used for `idleMs` ends, and
 * every use renews it. A policy around the session core: the app reports the user's own input
 * (`activity()`), never its requests or refreshes, and ends the session when this says `lapsed`.
 *
 * The last activity is the timestamp shared by every tab (idle-time.ts), so input in any tab keeps
 * every tab alive; other tabs learn of it from the `storage` event. Writes are throttled.
 */
/** The warning comes this long before the lapse, or at half the idle time when that is shorter. */
export const WARNING_LEAD_MAX_MS = 60_000
/** At most one storage write per this share of the idle time (and per 5 s), however busy the mouse. */
const WRITE_EVERY_FRACTION = 1 / 20
const WRITE_EVERY_MAX_MS = 5_000

export type IdleEvent =
  /** The lapse is near: ask the user (the deadline is in `now()`'s ms). */
  | { type: 'warning'; deadline: number }
  /** Activity, here or in another tab, withdrew the warning. */
  | { type: 'resumed' }
  /** The idle time is over: the session must end now (once per session). */
  | { type: 'lapsed' }

export interface IdleState {
  /** When the watched session lapses; null when none is watched. */
  deadline: number | null
  /** The warning is up. */
  warning: boolean
  /** The last session watched in this tab ended for idleness (until the next one is watched). */
  lapsed: boolean
}

export interface IdleDeps {
  idleMs: number
  /** This machine's time in ms (Date.now). */
  now(): number
  /** Shared by every tab (localStorage); undefined: this tab alone. */
  storage: Storage | undefined
  /** Where `storage` events arrive (window). */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  key?: string
  /** The earliest the watched session's idle time may start (its arrival in this tab, idle-time.ts); null: none. */
  floor?: () => number | null
}

export interface IdlePolicy {
  readonly idleMs: number
  /**
   * Counts for the session this tab has now, from the shared last activity: a reload, another tab's
   * login, or this tab's (a login writes the timestamp first, see idle-time.ts). None stored: from now.
   */
  watch(): void
  /** The session ended. Past the deadline (another tab ended it for idleness), that counts as a lapse here too. */
  unwatch(): void
  /** The user's own input. Ignored without a session, and after the deadline: a late input never revives a lapsed session. */
  activity(): void
  /** The session's idle time is over: it must not be used, not even for one request. */
  hasLapsed(): boolean
  state(): IdleState
  on(listener: (event: IdleEvent) => void): () => void
  stop(): void
}

export function warningLeadMs(idleMs: number): number {
  return Math.min(WARNING_LEAD_MAX_MS, idleMs / 2)
}

export function createIdlePolicy(deps: IdleDeps): IdlePolicy {
  const { idleMs, now, storage } = deps
  const key = deps.key ?? LAST_ACTIVITY_KEY
  const setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms))
  const clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>))
  const writeEveryMs = Math.min(WRITE_EVERY_MAX_MS, idleMs * WRITE_EVERY_FRACTION)
  const listeners = new Set<(event: IdleEvent) => void>()

  let watching = false
  let warning = false
  let lapsed = false
  /** This tab's latest known activity (its own, or another tab's from storage); null: none known. */
  let lastActivity: number | null = null
  let lastWritten = -Infinity
  let timer: unknown = null
  let flushTimer: unknown = null

  const emit = (event: IdleEvent) => listeners.forEach((listener) => listener(event))

  function write(at: number): void {
    lastWritten = at
    writeLastActivity(storage, at, key)
  }
  /** Takes in another tab's later activity, and the session's arrival in this tab. */
  function sync(): void {
    for (const at of [readLastActivity(storage, key), deps.floor?.() ?? null]) {
      if (at !== null && (lastActivity === null || at > lastActivity)) lastActivity = at
    }
  }
  const deadline = () => (lastActivity ?? now()) + idleMs

  function clearPending(): void {
    if (timer !== null) clearTimer(timer)
    timer = null
  }

  /** The throttled write that was skipped, made once the throttle allows: other tabs must not lapse early. */
  function flush(): void {
    flushTimer = null
    if (watching && lastActivity !== null && lastActivity > lastWritten) write(lastActivity)
  }

  function lapse(): void {
    clearPending()
    watching = false
    warning = false
    lapsed = true
    emit({ type: 'lapsed' })
  }

  /** Where the watched session stands now: warn, withdraw the warning, or lapse; then wait for the next step. */
  function evaluate(): void {
    clearPending()
    if (!watching) return
    sync()
    const at = now()
    const end = deadline()
    if (at >= end) return lapse()
    const warnAt = end - warningLeadMs(idleMs)
    if (at >= warnAt && !warning) {
      warning = true
      emit({ type: 'warning', deadline: end })
    } else if (at < warnAt && warning) {
      warning = false
      emit({ type: 'resumed' })
    }
    timer = setTimer(evaluate, Math.min((at < warnAt ? warnAt : end) - at, MAX_TIMER_MS))
  }

  const onStorage = (event: StorageEvent) => {
    // key === null: another tab cleared localStorage.
    if (watching && (event.key === key || event.key === null)) evaluate()
  }
  deps.events?.addEventListener('storage', onStorage)

  return {
    idleMs,
    watch() {
      if (watching) return
      const shared = readLastActivity(storage, key)
      if (shared === null) write(now())
      watching = true
      lapsed = false
      warning = false
      lastActivity = shared ?? now() // not the max with an earlier session's: this one counts from its own start
      evaluate() // (sync() raises it to the session's arrival, when later)
    },
    unwatch() {
      if (!watching) return
      sync()
      // Ended past this tab's deadline, or past the shared one: another tab lapsed it there, a moment before this
      // tab's own deadline where the session's arrival here set the floor (tabs' clocks are one clock).
      if (now() >= deadline() || isIdleOver(readLastActivity(storage, key), idleMs, now())) return lapse()
      clearPending()
      watching = false
      warning = false
    },
    activity() {
      if (!watching) return
      sync()
      const at = now()
      if (at >= deadline()) return lapse()
      lastActivity = at
      if (warning || at - lastWritten >= writeEveryMs) write(at)
      else flushTimer ??= setTimer(flush, lastWritten + writeEveryMs - at)
      if (warning) evaluate()
    },
    hasLapsed() {
      sync()
      return isIdleOver(lastActivity, idleMs, now())
    },
    state() {
      if (watching) sync()
      return { deadline: watching ? deadline() : null, warning, lapsed }
    },
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop() {
      clearPending()
      if (flushTimer !== null) clearTimer(flushTimer)
      flushTimer = null
      watching = false
      deps.events?.removeEventListener('storage', onStorage)
    },
  }
}
