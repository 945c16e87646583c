import { blacklistToken, refreshToken } from '@/api/auth'
import { createServerClock } from '@/auth/clock'
import { createLockRunner } from '@/auth/lock'
import { createSession } from '@/auth/session'
import { createTokenStore } from '@/auth/storage'

/** Logout is best effort: an unreachable server must not keep the user waiting. */
const BLACKLIST_TIMEOUT_MS = 3000

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** The app's server clock and session: the browser's storage, Web Locks and the API layer. */
export const serverClock = createServerClock()

export const session = createSession({
  store: createTokenStore({ storage: browserStorage(), now: serverClock.now, events: globalThis.window }),
  clock: serverClock,
  withLock: createLockRunner(globalThis.navigator?.locks, browserStorage()),
  requestRefresh: (refresh) => refreshToken(refresh),
  requestBlacklist: (refresh) => blacklistToken(refresh, { timeout: BLACKLIST_TIMEOUT_MS }),
})
