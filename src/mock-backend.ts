/**
 * The app's mock backend (dev server, demo build): @django-jwt/mock behind MSW's service worker, with its settings
 * read from the VITE_MOCK_* environment. main.ts imports this module lazily, only when VITE_API_MOCK is "true", so
 * production builds contain none of it (npm run budget checks).
 */
import { DEFAULT_MOCK_SETTINGS, startMockWorker, type MockSettings } from '@django-jwt/mock'
import { AUTH_DIALECTS, config, type AuthDialectName } from '@/config'

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

/** VITE_REFRESH_TRANSPORT: "cookie" puts the refresh token in the mock's httpOnly cookie; unset (or anything else), the bodies. */
function readRefreshTransport(raw: string | undefined): MockSettings['refreshTransport'] {
  const value = raw?.trim().toLowerCase()
  if (value === 'cookie') return 'cookie'
  if (value && value !== 'body') console.warn(`[mock-backend] VITE_REFRESH_TRANSPORT=${JSON.stringify(raw)} is neither "cookie" nor "body"; using "body"`)
  return 'body'
}

/** The mock's settings from the environment (VITE_AUTH_DIALECT, VITE_MOCK_*, VITE_REFRESH_TRANSPORT), the server's defaults for the rest. */
export function mockSettingsFromEnv(env: ImportMetaEnv = import.meta.env): MockSettings {
  const defaults = DEFAULT_MOCK_SETTINGS
  return {
    dialect: (AUTH_DIALECTS as readonly string[]).includes(env.VITE_AUTH_DIALECT ?? '') ? (env.VITE_AUTH_DIALECT as AuthDialectName) : defaults.dialect,
    accessSeconds: readNumber('VITE_MOCK_ACCESS_SECONDS', env.VITE_MOCK_ACCESS_SECONDS, defaults.accessSeconds),
    refreshSeconds: readNumber('VITE_MOCK_REFRESH_SECONDS', env.VITE_MOCK_REFRESH_SECONDS, defaults.refreshSeconds),
    rotate: readRotate(env.VITE_MOCK_ROTATE),
    graceSeconds: readNumber('VITE_MOCK_GRACE_SECONDS', env.VITE_MOCK_GRACE_SECONDS, defaults.graceSeconds),
    sessionMaxSeconds: readNumber('VITE_MOCK_SESSION_MAX_SECONDS', env.VITE_MOCK_SESSION_MAX_SECONDS, defaults.sessionMaxSeconds),
    latencyMs: readNumber('VITE_MOCK_LATENCY_MS', env.VITE_MOCK_LATENCY_MS, BROWSER_LATENCY_MS),
    loginFailureLimit: readNumber('VITE_MOCK_LOGIN_FAILURE_LIMIT', env.VITE_MOCK_LOGIN_FAILURE_LIMIT, defaults.loginFailureLimit),
    addressFailureLimit: readNumber('VITE_MOCK_ADDRESS_FAILURE_LIMIT', env.VITE_MOCK_ADDRESS_FAILURE_LIMIT, defaults.addressFailureLimit),
    loginCooloffSeconds: readNumber('VITE_MOCK_LOGIN_COOLOFF_SECONDS', env.VITE_MOCK_LOGIN_COOLOFF_SECONDS, defaults.loginCooloffSeconds),
    loginCooloffMaxSeconds: readNumber('VITE_MOCK_LOGIN_COOLOFF_MAX_SECONDS', env.VITE_MOCK_LOGIN_COOLOFF_MAX_SECONDS, defaults.loginCooloffMaxSeconds),
    loginForgetSeconds: readNumber('VITE_MOCK_LOGIN_FORGET_SECONDS', env.VITE_MOCK_LOGIN_FORGET_SECONDS, defaults.loginForgetSeconds),
    trustedProxies: readList(env.VITE_MOCK_TRUSTED_PROXIES),
    remoteAddress: env.VITE_MOCK_REMOTE_ADDRESS?.trim() || defaults.remoteAddress,
    refreshTransport: readRefreshTransport(env.VITE_REFRESH_TRANSPORT),
    csrfTrustedOrigins: [...defaults.csrfTrustedOrigins],
  }
}

/** Starts the mock backend in this page (window.mockBackend in the console). */
export async function startMockBackend(): Promise<void> {
  await startMockWorker(`${import.meta.env.BASE_URL}mockServiceWorker.js`, { ...mockSettingsFromEnv(), apiBase: config.apiBaseUrl })
}
