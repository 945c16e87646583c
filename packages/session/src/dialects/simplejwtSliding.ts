/**
 * simplejwt sliding tokens (../shared/api-contract-sliding.md): one token, slid by POST {token} before its `exp`
 * (an expired one can't be slid) until its `refresh_exp`; nothing can be revoked, so logout only forgets it.
 */
import { pathsWith, postCredentials, refusalStatus, renewSingleToken, tokenOf, type Dialect, type TokenPost, type TokenSet } from '../dialect.js'
import { claimsOf, secondsClaimMs } from './claims.js'

export const SLIDING_PATHS = {
  obtain: '/token/',
  refresh: '/token/refresh/',
} as const

export interface SlidingOptions {
  post: TokenPost
  paths?: Partial<Record<string, string>>
  /** `JWT` or `Bearer` (both accepted by simplejwt; case-sensitive). */
  headerPrefix?: string
}

function accept({ access }: { access: unknown; refresh: unknown }): TokenSet | null {
  const claims = claimsOf(access)
  if (typeof access !== 'string' || claims?.token_type !== 'sliding') return null
  if (secondsClaimMs(claims, 'exp') === null || secondsClaimMs(claims, 'refresh_exp') === null) return null
  return { access, refresh: null }
}

export function createSlidingDialect(options: SlidingOptions): Dialect {
  const paths = pathsWith(SLIDING_PATHS, options.paths)
  const { post } = options
  return {
    name: 'simplejwt-sliding',
    headerPrefix: options.headerPrefix ?? 'JWT',
    // The same token can be slid again and again: nothing is spent.
    refreshNeedsUnexpiredToken: true,
    refreshSpendsCredential: false,
    async obtain(credentials) {
      // 401 "No active account found" (400 is a field error).
      const data = await postCredentials(post, paths.obtain, credentials, (error) => refusalStatus(error) === 401)
      return { access: tokenOf(data), refresh: null }
    },
    refresh: (tokens) => renewSingleToken(post, paths.refresh, tokens.access),
    accept,
    describe(tokens) {
      const claims = claimsOf(tokens.access)
      const accessExpiresAt = secondsClaimMs(claims, 'exp')
      const endsAt = secondsClaimMs(claims, 'refresh_exp')
      return accessExpiresAt === null || endsAt === null ? null : { accessExpiresAt, endsAt }
    },
  }
}
