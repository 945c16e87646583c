/**
 * A Django JWT session core for the browser, free of any framework.
 *
 * - {@link createBrowserSession}: the session of a browser app (Web Storage, BroadcastChannel, Web Locks).
 * - {@link createSession} with {@link createMemoryTokenStore}: a session outside a browser (node, a worker).
 * - The dialects: {@link createSimplejwtDialect} (simplejwt pairs), {@link createSimplejwtCookieDialect} (simplejwt
 *   pairs with the refresh token in an httpOnly cookie), {@link createSlidingDialect} (simplejwt sliding
 *   tokens), {@link createDrfJwtDialect} (djangorestframework-jwt), or your own {@link Dialect}.
 * - Typed errors ({@link ApiError}, {@link SessionExpiredError}, {@link InvalidCredentialsError}) and the
 *   safe-redirect check ({@link isSafeRedirectPath}).
 *
 * @packageDocumentation
 */
export { createBrowserSession, type BrowserIdle, type BrowserSession, type BrowserSessionOptions } from './browser.js'
export { createSession, type ExpiryReason, type Session, type SessionDeps, type SessionEvent } from './session.js'
export {
  InvalidCredentialsError,
  pathsWith,
  postCredentials,
  refusalStatus,
  renewSingleToken,
  tokenOf,
  unreadableAnswer,
  type Dialect,
  type SessionTimes,
  type TokenPost,
  type TokenSet,
} from './dialect.js'
export { claimsOf, secondsClaimMs } from './dialects/claims.js'
export { createSimplejwtDialect, SIMPLEJWT_PATHS, type SimplejwtOptions } from './dialects/simplejwt.js'
export {
  COOKIE_MODE_CSRF_HEADER,
  createSimplejwtCookieDialect,
  type SimplejwtCookieOptions,
} from './dialects/simplejwtCookie.js'
export { createSlidingDialect, SLIDING_PATHS, type SlidingOptions } from './dialects/simplejwtSliding.js'
export { createDrfJwtDialect, DRF_JWT_DEFAULT_REFRESH_SECONDS, DRF_JWT_PATHS, type DrfJwtOptions } from './dialects/drfJwt.js'
export {
  ApiError,
  apiErrorFromResponse,
  isApiError,
  isSessionExpired,
  SessionExpiredError,
  type ApiErrorKind,
  type FieldErrors,
} from './errors.js'
export { createServerClock, parseHttpDate, type ServerClock, type ServerClockOptions } from './clock.js'
export { decodeToken, expiresAtMs, type DecodedToken, type TokenClaims, type TokenHeader } from './jwt.js'
export { isSafeRedirectPath } from './redirect.js'
export type { IdleEvent, IdlePolicy, IdleState } from './idle.js'
export { IDLE_WARNING_ATTRIBUTE, idleTimeInUnits } from './idle-time.js'
export type { RememberMeStore } from './remember.js'
export { createMemoryTokenStore, type StoredSession, type TokenStore } from './storage.js'
export type { LockRunner } from './lock.js'
export type { CookieModeAnswer, Credentials, PairObtainAnswer, PairRefreshAnswer, SingleTokenAnswer, Unchecked } from './wire.js'
