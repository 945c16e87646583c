/**
 * djangorestframework-jwt 1.11 (../shared/api-contract-drf-jwt.md): one token with `orig_iat`, refreshed by
 * POST {token} before its `exp` until `orig_iat` + JWT_REFRESH_EXPIRATION_DELTA, which the token doesn't carry
 * (so it is a setting here). Header scheme `JWT` only; every refusal of the token views is a 400; nothing can
 * be revoked, so logout only forgets the token.
 */
import { pathsWith, postCredentials, refusalStatus, renewSingleToken, tokenOf, type Dialect, type TokenPost, type TokenSet } from '../dialect.js'
import { claimsOf, secondsClaimMs } from './claims.js'
import { ApiError } from '../errors.js'

export const DRF_JWT_PATHS = {
  obtain: '/api-token-auth/',
  refresh: '/api-token-refresh/',
} as const

/** JWT_REFRESH_EXPIRATION_DELTA's default: 7 days. */
export const DRF_JWT_DEFAULT_REFRESH_SECONDS = 7 * 24 * 3600

export interface DrfJwtOptions {
  post: TokenPost
  paths?: Partial<Record<string, string>>
  /** The server's JWT_REFRESH_EXPIRATION_DELTA in seconds. A shorter real window still ends the session (400 on refresh). */
  refreshSeconds?: number
}

function accept({ access }: { access: unknown; refresh: unknown }): TokenSet | null {
  const claims = claimsOf(access)
  if (typeof access !== 'string' || !claims || 'token_type' in claims) return null
  if (secondsClaimMs(claims, 'exp') === null || secondsClaimMs(claims, 'orig_iat') === null) return null
  return { access, refresh: null }
}

/** A 400 that names only non_field_errors: the serializer refused the credentials (no field was missing or blank). */
function isCredentialsRefusal(error: unknown): boolean {
  return refusalStatus(error) === 400 && error instanceof ApiError && Object.keys(error.fieldErrors).join() === 'non_field_errors'
}

export function createDrfJwtDialect(options: DrfJwtOptions): Dialect {
  const paths = pathsWith(DRF_JWT_PATHS, options.paths)
  const windowMs = (options.refreshSeconds ?? DRF_JWT_DEFAULT_REFRESH_SECONDS) * 1000
  const { post } = options
  return {
    name: 'drf-jwt',
    // JSONWebTokenAuthentication accepts JWT_AUTH_HEADER_PREFIX ('JWT') and nothing else.
    headerPrefix: 'JWT',
    refreshNeedsUnexpiredToken: true,
    refreshSpendsCredential: false,
    async obtain(credentials) {
      return { access: tokenOf(await postCredentials(post, paths.obtain, credentials, isCredentialsRefusal)), refresh: null }
    },
    // Refusals ("Signature has expired.", "Refresh has expired.") are 400s: the core ends the session on them.
    refresh: (tokens) => renewSingleToken(post, paths.refresh, tokens.access),
    accept,
    describe(tokens) {
      const claims = claimsOf(tokens.access)
      const accessExpiresAt = secondsClaimMs(claims, 'exp')
      const origIat = secondsClaimMs(claims, 'orig_iat')
      return accessExpiresAt === null || origIat === null ? null : { accessExpiresAt, endsAt: origIat + windowMs }
    },
  }
}
