import { createServerClock } from '@/auth/clock'
import type { TokenPost } from '@/auth/dialect'
import { createConfiguredDialect } from '@/auth/dialects/configured'
import { createLockRunner } from '@/auth/lock'
import { createSession } from '@/auth/session'
import { createTokenStore } from '@/auth/storage'
import { config } from '@/config'
import { http } from '@/http/client'

/** localStorage, or undefined where touching it throws (some privacy modes). */
const storage: Storage | undefined = (() => {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
})()

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

export const session = createSession({
  store: createTokenStore({ storage, now: serverClock.now, events: globalThis.window, dialect }),
  clock: serverClock,
  withLock: createLockRunner(globalThis.navigator?.locks, storage),
  dialect,
})
