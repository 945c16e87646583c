/**
 * The dialect this build speaks. `import.meta.env.VITE_AUTH_DIALECT` is replaced by a string literal at build
 * time (vite.config.ts `define`), so the branches not taken, and the modules only they import, are dropped:
 * a build carries exactly one dialect (tests/budget/dialects.mjs checks it).
 */
import { createDrfJwtDialect, createSimplejwtCookieDialect, createSimplejwtDialect, createSlidingDialect, type Dialect, type TokenPost } from '@django-jwt/session'

export interface DialectSettings {
  post: TokenPost
  /** Endpoint paths under the API base that override the dialect's documented defaults. */
  paths: { obtain?: string; refresh?: string; logout?: string }
  headerPrefix: string
  /** drf-jwt's JWT_REFRESH_EXPIRATION_DELTA in seconds. */
  drfJwtRefreshSeconds?: number
}

export function createConfiguredDialect(settings: DialectSettings): Dialect {
  if (import.meta.env.VITE_AUTH_DIALECT === 'drf-jwt') {
    return createDrfJwtDialect({ post: settings.post, paths: settings.paths, refreshSeconds: settings.drfJwtRefreshSeconds })
  }
  if (import.meta.env.VITE_AUTH_DIALECT === 'simplejwt-sliding') {
    return createSlidingDialect({ post: settings.post, paths: settings.paths, headerPrefix: settings.headerPrefix })
  }
  // Cookie mode: the refresh token in an httpOnly cookie, the access token in memory (VITE_REFRESH_TRANSPORT=cookie).
  if (import.meta.env.VITE_REFRESH_TRANSPORT === 'cookie') {
    return createSimplejwtCookieDialect({ post: settings.post, paths: settings.paths, headerPrefix: settings.headerPrefix })
  }
  return createSimplejwtDialect({ post: settings.post, paths: settings.paths, headerPrefix: settings.headerPrefix })
}
