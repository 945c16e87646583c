import { createIdlePolicy, type IdlePolicy } from './idle.js'
import { IDLE_WARNING_ATTRIBUTE } from './idle-time.js'
import type { Session } from './session.js'

/** The user's own input. The app's requests and refreshes never reach these listeners. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'scroll'] as const
/** Input comes in bursts (a mouse move is dozens of events): one report per this many ms is plenty. */
const REPORT_EVERY_MS = 250

function insideWarning(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(`[${IDLE_WARNING_ATTRIBUTE}]`) !== null
}

/** The policy watches whichever session the tab has; its lapse ends that session, revoked. */
export function followSession(idle: IdlePolicy, session: Session): void {
  session.on((event) => {
    if (event.type !== 'changed') return
    if (session.current()) idle.watch()
    else idle.unwatch()
  })
  idle.on((event) => {
    if (event.type === 'lapsed') session.expire('idle', { revoke: true })
  })
  if (session.current()) idle.watch()
}

/**
 * The idle lapse in this tab (loaded with its first session, see browser.ts): the policy follows the tab's
 * session, the user's input (and the tab becoming visible) is its activity, and its lapse ends the session,
 * revoked. The session core asks it before every use of the tokens (browser.ts's vetoUse).
 */
export function installIdleLapse(
  session: Session,
  options: { idleMs: number; storage: Storage | undefined; floor: () => number | null },
): IdlePolicy {
  const idle = createIdlePolicy({ idleMs: options.idleMs, now: () => Date.now(), storage: options.storage, events: window, floor: options.floor })

  let reportedAt = -Infinity
  const onInput = (event: Event) => {
    if (event.timeStamp - reportedAt < REPORT_EVERY_MS || insideWarning(event.target)) return
    reportedAt = event.timeStamp
    idle.activity()
  }
  for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') idle.activity()
  })
  followSession(idle, session)
  return idle
}
