/**
 * Every environment variable the app reads, read once, typed, with its default.
 * The mock backend's own settings are read in src/mock-backend.ts (they never reach a production build).
 */
export type { ForbiddenMeans } from '@django-jwt/axios'
import type { ForbiddenMeans } from '@django-jwt/axios'

/** The kinds of Django JWT server the app speaks (src/auth/dialects/). */
export const AUTH_DIALECTS = ['simplejwt', 'simplejwt-sliding', 'drf-jwt'] as const
export type AuthDialectName = (typeof AUTH_DIALECTS)[number]

export interface AppConfig {
  /** Where the API lives: a path on this origin (proxied) or an absolute origin + path. */
  apiBaseUrl: string
  /** Start the MSW worker in the browser (dev and demo builds). */
  apiMock: boolean
  /** The Authorization scheme sent with the access token ("JWT" or "Bearer" for simplejwt; drf-jwt: always "JWT"). */
  authHeaderPrefix: string
  /** Which server's token endpoints: chosen at build time (vite.config.ts), one dialect per bundle. */
  authDialect: AuthDialectName
  /** Token endpoint paths under the API base, overriding the dialect's documented ones (unset: the defaults). */
  authPaths: { obtain?: string; refresh?: string; logout?: string }
  /** drf-jwt's JWT_REFRESH_EXPIRATION_DELTA in seconds, to show when the session ends (default 7 days). */
  drfJwtRefreshSeconds?: number
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

function readDialect(value: string | undefined): AuthDialectName {
  return (AUTH_DIALECTS as readonly string[]).includes(value ?? '') ? (value as AuthDialectName) : 'simplejwt'
}

function readPositiveNumber(value: string | undefined): number | undefined {
  const number = Number(value)
  return value && Number.isFinite(number) && number > 0 ? number : undefined
}

function readConfig(env: ImportMetaEnv): AppConfig {
  return {
    apiBaseUrl: (env.VITE_API_BASE_URL || '/api').replace(/\/+$/, ''),
    apiMock: env.VITE_API_MOCK === 'true',
    authHeaderPrefix: env.VITE_AUTH_HEADER_PREFIX || 'JWT',
    authDialect: readDialect(env.VITE_AUTH_DIALECT),
    authPaths: {
      obtain: env.VITE_AUTH_OBTAIN_PATH || undefined,
      refresh: env.VITE_AUTH_REFRESH_PATH || undefined,
      logout: env.VITE_AUTH_LOGOUT_PATH || undefined,
    },
    drfJwtRefreshSeconds: readPositiveNumber(env.VITE_DRF_JWT_REFRESH_SECONDS),
    forbiddenMeans: env.VITE_FORBIDDEN_MEANS === 'permission-denied' ? 'permission-denied' : 'session-expired',
    idleMinutes: demoIdleMinutes(readIdleMinutes(env.VITE_IDLE_MINUTES, DEFAULT_IDLE_MINUTES)),
  }
}

export const config: AppConfig = readConfig(import.meta.env)
