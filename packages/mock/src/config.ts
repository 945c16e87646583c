import { AUTH_DIALECTS, type AuthDialectName } from '@/config'

declare global {
  interface ImportMetaEnv {
    readonly VITE_MOCK_GRACE_SECONDS?: string
    readonly VITE_MOCK_SESSION_MAX_SECONDS?: string
  }
}

/**
 * The mock backend's settings: the only place the mock reads the environment.
 * Browser runs may override them at boot with a JSON object in localStorage (SETTINGS_STORAGE_KEY).
 */
export interface MockSettings {
  /** Which server the mock is: simplejwt pairs, sliding tokens or djangorestframework-jwt (VITE_AUTH_DIALECT). */
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
}

export const SETTINGS_STORAGE_KEY = 'mock-backend.settings'

/** Latency the browser worker uses when VITE_MOCK_LATENCY_MS is unset: 60–180 ms, like a nearby server. */
const BROWSER_LATENCY_MS = 120

function readNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (Number.isFinite(value) && value >= 0) return value
  console.warn(`[mock-backend] ${name}=${JSON.stringify(raw)} is not a number >= 0; using ${fallback}`)
  return fallback
}

/** A comma-separated list (TRUSTED_PROXIES), blanks dropped. */
function readList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** On unless "false" or "0", as the server's ROTATE (on unless "0"). */
function readRotate(raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase()
  return value !== 'false' && value !== '0'
}

function readEnvSettings(env: ImportMetaEnv): MockSettings {
  return {
    dialect: (AUTH_DIALECTS as readonly string[]).includes(env.VITE_AUTH_DIALECT ?? '') ? (env.VITE_AUTH_DIALECT as AuthDialectName) : 'simplejwt',
    accessSeconds: readNumber('VITE_MOCK_ACCESS_SECONDS', env.VITE_MOCK_ACCESS_SECONDS, 300),
    refreshSeconds: readNumber('VITE_MOCK_REFRESH_SECONDS', env.VITE_MOCK_REFRESH_SECONDS, 86_400),
    rotate: readRotate(env.VITE_MOCK_ROTATE),
    graceSeconds: readNumber('VITE_MOCK_GRACE_SECONDS', env.VITE_MOCK_GRACE_SECONDS, 30),
    sessionMaxSeconds: readNumber('VITE_MOCK_SESSION_MAX_SECONDS', env.VITE_MOCK_SESSION_MAX_SECONDS, 30 * 86_400),
    latencyMs: readNumber('VITE_MOCK_LATENCY_MS', env.VITE_MOCK_LATENCY_MS, BROWSER_LATENCY_MS),
    loginFailureLimit: readNumber('VITE_MOCK_LOGIN_FAILURE_LIMIT', env.VITE_MOCK_LOGIN_FAILURE_LIMIT, 10),
    addressFailureLimit: readNumber('VITE_MOCK_ADDRESS_FAILURE_LIMIT', env.VITE_MOCK_ADDRESS_FAILURE_LIMIT, 30),
    loginCooloffSeconds: readNumber('VITE_MOCK_LOGIN_COOLOFF_SECONDS', env.VITE_MOCK_LOGIN_COOLOFF_SECONDS, 60),
    loginCooloffMaxSeconds: readNumber('VITE_MOCK_LOGIN_COOLOFF_MAX_SECONDS', env.VITE_MOCK_LOGIN_COOLOFF_MAX_SECONDS, 3600),
    loginForgetSeconds: readNumber('VITE_MOCK_LOGIN_FORGET_SECONDS', env.VITE_MOCK_LOGIN_FORGET_SECONDS, 86_400),
    trustedProxies: readList(env.VITE_MOCK_TRUSTED_PROXIES),
    remoteAddress: env.VITE_MOCK_REMOTE_ADDRESS?.trim() || '127.0.0.1',
  }
}

/** Settings from the environment, latency included (the browser's defaults). */
export const envMockSettings: MockSettings = readEnvSettings(import.meta.env)

/** Defaults for a backend created in code (node, tests): no latency whatever the env says. */
export function defaultMockSettings(): MockSettings {
  return { ...envMockSettings, latencyMs: 0 }
}

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
    else if (key === 'dialect' && (AUTH_DIALECTS as readonly string[]).includes(String(value))) result.dialect = value as AuthDialectName
    else if (NUMBER_SETTINGS.includes(key as NumberSetting) && typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      result[key as NumberSetting] = value
    } else {
      console.warn(`[mock-backend] ignoring setting ${key}=${JSON.stringify(value)} (expected ${NUMBER_SETTINGS.join(', ')}: number >= 0; rotate: boolean; remoteAddress: string; trustedProxies: string[])`)
    }
  }
  return result
}
