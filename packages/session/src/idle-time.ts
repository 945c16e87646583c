/**
 * The idle time, the part of the idle lapse every page needs (src/auth/idle.ts, the policy with its
 * timers and warning, loads with the first session): the last user activity is one timestamp in
 * storage shared by every tab (localStorage), and a session whose last activity is `idleMs` old is over.
 * Time is this machine's clock: every tab of the browser reads the same one.
 */
export const LAST_ACTIVITY_KEY = 'vue-jwt-drf.last-activity.v1'

/** The shared last activity (epoch ms); null when there is none or storage can't be read. */
export function readLastActivity(storage: Storage | undefined, key = LAST_ACTIVITY_KEY): number | null {
  try {
    const value = Number(storage?.getItem(key) ?? Number.NaN)
    return Number.isFinite(value) ? value : null
  } catch {
    return null
  }
}

export function writeLastActivity(storage: Storage | undefined, at: number, key = LAST_ACTIVITY_KEY): void {
  try {
    storage?.setItem(key, String(at))
  } catch {
    /* unavailable storage: each tab counts alone */
  }
}

/** The lapse rule. No known activity: nothing to count from, so not over. */
export function isIdleOver(lastActivity: number | null, idleMs: number, now: number): boolean {
  return lastActivity !== null && now >= lastActivity + idleMs
}

/** The idle time as people say it: whole minutes, else whole seconds (0.25 minutes: 15 seconds). */
export function idleTimeInUnits(idleMs: number): { unit: 'minutes' | 'seconds'; count: number } {
  const minutes = idleMs / 60_000
  return Number.isInteger(minutes) ? { unit: 'minutes', count: minutes } : { unit: 'seconds', count: Math.round(idleMs / 1000) }
}

/**
 * When the tab's current session reached it while the page was running (a login, here or in another
 * tab); null for one found at page load. Its idle time can't have started earlier: the floor under the
 * shared timestamp, which may reach this tab after the session does (localStorage and BroadcastChannel
 * are not ordered with each other). Call once the session has started.
 */
export function trackSessionArrival(session: { current(): unknown; on(listener: () => void): unknown }, now: () => number): () => number | null {
  let arrivedAt: number | null = null
  let had = session.current() !== null
  session.on(() => {
    const has = session.current() !== null
    if (has !== had) arrivedAt = has ? now() : null
    had = has
  })
  return () => arrivedAt
}

/** Marks the idle warning dialog: input inside it answers it through its buttons, it doesn't dismiss the warning. */
export const IDLE_WARNING_ATTRIBUTE = 'data-idle-warning'
