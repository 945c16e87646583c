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
}

function readConfig(env: ImportMetaEnv): AppConfig {
  return {
    apiBaseUrl: (env.VITE_API_BASE_URL || '/api').replace(/\/+$/, ''),
    apiMock: env.VITE_API_MOCK === 'true',
    authHeaderPrefix: env.VITE_AUTH_HEADER_PREFIX || 'JWT',
    forbiddenMeans: env.VITE_FORBIDDEN_MEANS === 'permission-denied' ? 'permission-denied' : 'session-expired',
  }
}

export const config: AppConfig = readConfig(import.meta.env)
