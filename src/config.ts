/**
 * Every environment variable the app reads, read once, typed, with its default.
 * The mock backend's own settings live in src/mocks/config.ts (they never reach a production build).
 */
export type ForbiddenMeans = 'session-expired' | 'permission-denied'

export interface AppConfig {
  /** Where the API lives: a path on this origin (proxied) or an absolute origin + path. */
  apiBaseUrl: string
  /** Start the MSW worker in the browser (dev and demo builds). */
  apiMock: boolean
  /** The Authorization scheme sent with the access token ("JWT" or "Bearer" for simplejwt). */
  authHeaderPrefix: string
  /** What a 403 means: the seed's "login expired", or a plain "permission denied". */
  forbiddenMeans: ForbiddenMeans
  /** Minutes without user activity after which the session ends; 0 = never. Fractions allowed. */
  idleMinutes: number
}

const DEFAULT_IDLE_MINUTES = 30
/** Demo builds only (mock backend): browser tests shorten the idle time before the app boots, like the mock's settings. */
export const DEMO_IDLE_MINUTES_KEY = 'vue-jwt-drf.demo.idle-minutes'

function readIdleMinutes(raw: string | null | undefined, fallback: number): number {
  if (raw === undefined || raw === null || raw.trim() === '') return fallback
  const value = Number(raw)
  return Number.isFinite(value) && value >= 0 ? value : fallback
}

/** The demo build's override from localStorage; spelled on import.meta.env so production builds drop it. */
function demoIdleMinutes(fallback: number): number {
  if (import.meta.env.VITE_API_MOCK !== 'true') return fallback
  try {
    return readIdleMinutes(globalThis.localStorage?.getItem(DEMO_IDLE_MINUTES_KEY), fallback)
  } catch {
    return fallback
  }
}

function readConfig(env: ImportMetaEnv): AppConfig {
  return {
    apiBaseUrl: (env.VITE_API_BASE_URL || '/api').replace(/\/+$/, ''),
    apiMock: env.VITE_API_MOCK === 'true',
    authHeaderPrefix: env.VITE_AUTH_HEADER_PREFIX || 'JWT',
    forbiddenMeans: env.VITE_FORBIDDEN_MEANS === 'permission-denied' ? 'permission-denied' : 'session-expired',
    idleMinutes: demoIdleMinutes(readIdleMinutes(env.VITE_IDLE_MINUTES, DEFAULT_IDLE_MINUTES)),
  }
}

export const config: AppConfig = readConfig(import.meta.env)
