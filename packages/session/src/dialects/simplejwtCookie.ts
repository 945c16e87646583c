/**
 * simplejwt token pairs in cookie mode (`SIMPLEJWT_SESSIONS["REFRESH_TOKEN_TRANSPORT"] = "cookie"`): the refresh token
 * travels only in an httpOnly `__Host-` cookie the server sets at login and at each refresh, so no script on the page
 * can read it. Answers carry the access token only; its `refresh_exp` claim says when the cookie's token ends.
 * Token requests carry a custom header (the server's CSRF check: a cross-site page can't send one without a CORS
 * preflight, which the server never grants).
 */
import { pathsWith, postCredentials, refusalStatus, unreadableAnswer, type Dialect, type TokenPost, type TokenSet } from '../dialect.js'
import { claimsOf, secondsClaimMs } from './claims.js'
import { SIMPLEJWT_PATHS } from './simplejwt.js'
import type { CookieModeAnswer, Unchecked } from '../wire.js'

/** The custom header the server's CSRF check asks of every cookie-mode token request (SIMPLEJWT_SESSIONS["CSRF_HEADER"]). */
export const COOKIE_MODE_CSRF_HEADER = { 'X-Requested-With': 'XMLHttpRequest' } as const

/** Options of {@link createSimplejwtCookieDialect}. */
export interface SimplejwtCookieOptions {
  /** How to POST to the token endpoints (`tokenPost(instance)` of `@django-jwt/axios`); same-origin, so the browser sends the cookie. */
  post: TokenPost
  /** Paths under the API base that replace the documented ones (unset or empty: the default). */
  paths?: Partial<Record<string, string>>
  /** `JWT` or `Bearer` (SIMPLE_JWT["AUTH_HEADER_TYPES"]). */
  headerPrefix?: string
  /** The CSRF header sent with token requests (default `X-Requested-With: XMLHttpRequest`). */
  csrfHeader?: Record<string, string>
}

/** An access token of cookie mode: a pair access token that says when the session's refresh token ends. */
function accept({ access, refresh }: { access: unknown; refresh: unknown }): TokenSet | null {
  const claims = claimsOf(access)
  const typed = claims?.token_type === undefined || claims.token_type === 'access'
  const valid = typed && secondsClaimMs(claims, 'exp') !== null && secondsClaimMs(claims, 'refresh_exp') !== null
  return valid && refresh === null && typeof access === 'string' ? { access, refresh: null } : null
}

function tokensOf(data: unknown): TokenSet {
  const tokens = accept({ access: (data as Unchecked<CookieModeAnswer>)?.access, refresh: null })
  if (!tokens) throw unreadableAnswer()
  return tokens
}

/**
 * The dialect of simplejwt pairs with the refresh token in an httpOnly cookie (the `simplejwt-sessions` server app in
 * cookie mode): rotation spends the cookie, so the refresh stays single-flight across tabs; a reload restores the
 * session through the cookie; logout revokes it and the server clears the cookie.
 */
export function createSimplejwtCookieDialect(options: SimplejwtCookieOptions): Dialect {
  const paths = pathsWith(SIMPLEJWT_PATHS, options.paths)
  const { post } = options
  const headers = options.csrfHeader ?? COOKIE_MODE_CSRF_HEADER
  const renew = async () => tokensOf(await post(paths.refresh, {}, { headers }))
  return {
    name: 'simplejwt-cookie',
    headerPrefix: options.headerPrefix ?? 'JWT',
    refreshNeedsUnexpiredToken: false,
    refreshSpendsCredential: true,
    refreshTokenInCookie: true,
    async obtain(credentials, { remember = false } = {}) {
      const wrong = (error: unknown) => refusalStatus(error) === 401
      // postCredentials has no headers: the CSRF header goes through a post that adds it.
      const withHeader: TokenPost = (path, body, postOptions) => post(path, body, { ...postOptions, headers })
      return tokensOf(await postCredentials(withHeader, paths.obtain, credentials, wrong, { remember }))
    },
    refresh: renew,
    async restore() {
      try {
        return await renew()
      } catch (error) {
        // No cookie, or one the server refused (expired, revoked): no session to restore.
        if (refusalStatus(error) === 401) return null
        throw error
      }
    },
    async end(_tokens, { timeout }) {
      await post(paths.logout, {}, { timeout, headers })
    },
    accept,
    describe(tokens) {
      const claims = claimsOf(tokens.access)
      const accessExpiresAt = secondsClaimMs(claims, 'exp')
      const endsAt = secondsClaimMs(claims, 'refresh_exp')
      return accessExpiresAt === null || endsAt === null ? null : { accessExpiresAt, endsAt }
    },
  }
}
