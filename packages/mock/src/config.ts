import { AUTH_DIALECTS, type AuthDialectName } from './types.js'

/** Where the simplejwt pair dialect's refresh token travels: the JSON bodies (the default) or an httpOnly cookie. */
export type RefreshTransport = 'body' | 'cookie'

/**
 * The mock server's settings: Django's settings of the server it copies. Create a backend with some of them
 * ({@link createMockBackend}); the rest are {@link DEFAULT_MOCK_SETTINGS}. A backend's `settings` are live: change
 * one and the next request follows it.
 */
export interface MockSettings {
  /** Which server the mock is: simplejwt pairs, sliding tokens or djangorestframework-jwt. */
  dialect: AuthDialectName
  /** ACCESS_TOKEN_LIFETIME in seconds (sliding: SLIDING_TOKEN_LIFETIME; drf-jwt: JWT_EXPIRATION_DELTA). */
  accessSeconds: number
  /** REFRESH_TOKEN_LIFETIME in seconds (sliding: SLIDING_TOKEN_REFRESH_LIFETIME; drf-jwt: JWT_REFRESH_EXPIRATION_DELTA). */
  refreshSeconds: number
  /** ROTATE_REFRESH_TOKENS together with BLACKLIST_AFTER_ROTATION (the server's ROTATE: on unless "0"). */
  rotate: boolean
  /** REFRESH_GRACE_SECONDS: the refresh token spent last, presented again this soon, gets the same successor; 0 = never. */
  graceSeconds: number
  /** SESSION_MAX_SECONDS: a session's absolute end after its login; no token of it outlives this. */
  sessionMaxSeconds: number
  /** Mean network latency in ms; each response waits 0.5–1.5 times this. 0 answers at once. */
  latencyMs: number
  /** LOGIN_FAILURE_LIMIT: failed logins in a row for one (address, username) before that pair is locked; 0 = no limit. */
  loginFailureLimit: number
  /** LOGIN_ADDRESS_FAILURE_LIMIT: failed logins from one address, any usernames, before the address is locked; 0 = no limit. */
  addressFailureLimit: number
  /** LOGIN_COOLOFF_SECONDS: the first lockout's length; each repeated lockout of the same key doubles it. */
  loginCooloffSeconds: number
  /** LOGIN_COOLOFF_MAX_SECONDS: the cool-off never exceeds this. */
  loginCooloffMaxSeconds: number
  /** LOGIN_FORGET_SECONDS: a key with no failure (and no lockout running) for this long starts afresh. */
  loginForgetSeconds: number
  /** TRUSTED_PROXIES: REMOTE_ADDRs (IPs or CIDRs) whose X-Real-IP is believed as the client's address. */
  trustedProxies: string[]
  /** The mock's REMOTE_ADDR for every request (it has no sockets). */
  remoteAddress: string
  /**
   * REFRESH_TOKEN_TRANSPORT (simplejwt pairs only; the other dialects have no refresh token to hide): 'body' (the
   * default) answers and takes the refresh token in the JSON bodies; 'cookie' keeps it in the httpOnly cookie
   * `__Host-refresh` (Secure, SameSite=Strict, Path=/): POST token/ takes `remember` and answers `{access}` with the
   * cookie, token/refresh/ and token/blacklist/ read the cookie only, access tokens carry `refresh_exp`, and those
   * three views refuse a request without the X-Requested-With header or from another site (403 csrf_failed).
   */
  refreshTransport: RefreshTransport
  /**
   * CSRF_TRUSTED_ORIGINS (cookie mode): origins besides the request's own whose Origin header the token views accept
   * (compared exactly, e.g. "https://app.example.com").
   */
  csrfTrustedOrigins: string[]
}

/** localStorage key of the settings a browser worker keeps (mockBackend.configure()) and reads at boot over its own. */
export const SETTINGS_STORAGE_KEY = 'mock-backend.settings'

/**
 * The reference Django server's defaults: simplejwt pairs, 5-minute access and 1-day refresh tokens,
 * rotation with blacklisting, a 30 s grace window, 30-day sessions, the login lockout's limits; no latency; the
 * refresh token in the bodies.
 */
export const DEFAULT_MOCK_SETTINGS: Readonly<MockSettings> = Object.freeze({
  dialect: 'simplejwt',
  accessSeconds: 300,
  refreshSeconds: 86_400,
  rotate: true,
  graceSeconds: 30,
  sessionMaxSeconds: 30 * 86_400,
  latencyMs: 0,
  loginFailureLimit: 10,
  addressFailureLimit: 30,
  loginCooloffSeconds: 60,
  loginCooloffMaxSeconds: 3600,
  loginForgetSeconds: 86_400,
  trustedProxies: [],
  remoteAddress: '127.0.0.1',
  refreshTransport: 'body',
  csrfTrustedOrigins: [],
})

type NumberSetting =
  | 'accessSeconds'
  | 'refreshSeconds'
  | 'graceSeconds'
  | 'sessionMaxSeconds'
  | 'latencyMs'
  | 'loginFailureLimit'
  | 'addressFailureLimit'
  | 'loginCooloffSeconds'
  | 'loginCooloffMaxSeconds'
  | 'loginForgetSeconds'
const NUMBER_SETTINGS: readonly NumberSetting[] = [
  'accessSeconds',
  'refreshSeconds',
  'graceSeconds',
  'sessionMaxSeconds',
  'latencyMs',
  'loginFailureLimit',
  'addressFailureLimit',
  'loginCooloffSeconds',
  'loginCooloffMaxSeconds',
  'loginForgetSeconds',
]

/**
 * Reads a settings override (the JSON stored under SETTINGS_STORAGE_KEY). Unknown keys and
 * ill-typed values are reported and skipped, so one typo never discards the rest.
 */
export function parseSettingsOverride(text: string | null): Partial<MockSettings> {
  if (!text) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    console.warn(`[mock-backend] localStorage["${SETTINGS_STORAGE_KEY}"] is not JSON; ignoring it:`, text)
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    console.warn(`[mock-backend] localStorage["${SETTINGS_STORAGE_KEY}"] must be a JSON object; ignoring it`)
    return {}
  }
  const result: Partial<MockSettings> = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'rotate' && typeof value === 'boolean') result.rotate = value
    else if (key === 'remoteAddress' && typeof value === 'string' && value.trim()) result.remoteAddress = value.trim()
    else if (key === 'trustedProxies' && Array.isArray(value) && value.every((item) => typeof item === 'string')) result.trustedProxies = value as string[]
    else if (key === 'csrfTrustedOrigins' && Array.isArray(value) && value.every((item) => typeof item === 'string')) result.csrfTrustedOrigins = value as string[]
    else if (key === 'refreshTransport' && (value === 'body' || value === 'cookie')) result.refreshTransport = value
    else if (key === 'dialect' && (AUTH_DIALECTS as readonly string[]).includes(String(value))) result.dialect = value as AuthDialectName
    else if (NUMBER_SETTINGS.includes(key as NumberSetting) && typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      result[key as NumberSetting] = value
    } else {
      console.warn(`[mock-backend] ignoring setting ${key}=${JSON.stringify(value)} (expected ${NUMBER_SETTINGS.join(', ')}: number >= 0; rotate: boolean; remoteAddress: string; trustedProxies, csrfTrustedOrigins: string[]; refreshTransport: "body" | "cookie")`)
    }
  }
  return result
}
