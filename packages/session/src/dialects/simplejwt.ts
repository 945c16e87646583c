/**
 * djangorestframework-simplejwt with token pairs (../shared/api-contract.md): an access and a refresh token;
 * refresh may rotate (spend) the refresh token; logout blacklists it.
 */
import { pathsWith, postCredentials, refusalStatus, unreadableAnswer, type Dialect, type TokenPost, type TokenSet } from '../dialect.js'
import { claimsOf, secondsClaimMs } from './claims.js'
import type { PairObtainAnswer, PairRefreshAnswer, Unchecked } from '../wire.js'

export const SIMPLEJWT_PATHS = {
  obtain: '/token/',
  refresh: '/token/refresh/',
  verify: '/token/verify/',
  logout: '/token/blacklist/',
} as const

export interface SimplejwtOptions {
  post: TokenPost
  paths?: Partial<Record<string, string>>
  /** `JWT` or `Bearer` (SIMPLE_JWT["AUTH_HEADER_TYPES"]). */
  headerPrefix?: string
}

function isPairToken(token: unknown, type: 'access' | 'refresh'): token is string {
  const claims = claimsOf(token)
  return secondsClaimMs(claims, 'exp') !== null && (claims?.token_type === undefined || claims.token_type === type)
}

function accept({ access, refresh }: { access: unknown; refresh: unknown }): TokenSet | null {
  return isPairToken(access, 'access') && isPairToken(refresh, 'refresh') ? { access, refresh } : null
}

export function createSimplejwtDialect(options: SimplejwtOptions): Dialect {
  const paths = pathsWith(SIMPLEJWT_PATHS, options.paths)
  const { post } = options
  return {
    name: 'simplejwt',
    headerPrefix: options.headerPrefix ?? 'JWT',
    refreshNeedsUnexpiredToken: false,
    refreshSpendsCredential: true,
    async obtain(credentials) {
      // 401 "No active account found": a wrong username or password (400 is a field error).
      const data = (await postCredentials(post, paths.obtain, credentials, (error) => refusalStatus(error) === 401)) as Unchecked<PairObtainAnswer>
      const tokens = accept({ access: data?.access, refresh: data?.refresh })
      if (!tokens) throw unreadableAnswer()
      return tokens
    },
    async refresh(tokens) {
      const data = (await post(paths.refresh, { refresh: tokens.refresh ?? '' })) as Unchecked<PairRefreshAnswer>
      const access = data?.access
      const refresh = typeof data?.refresh === 'string' ? data.refresh : tokens.refresh
      const next = accept({ access, refresh })
      if (!next) throw unreadableAnswer()
      return next
    },
    async end(tokens, { timeout }) {
      if (tokens.refresh) await post(paths.logout, { refresh: tokens.refresh }, { timeout })
    },
    accept,
    describe(tokens) {
      const accessExpiresAt = secondsClaimMs(claimsOf(tokens.access), 'exp')
      const endsAt = secondsClaimMs(claimsOf(tokens.refresh), 'exp')
      return accessExpiresAt === null || endsAt === null ? null : { accessExpiresAt, endsAt }
    },
  }
}
