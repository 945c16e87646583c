/**
 * A worked example of the Dialect port (docs: "Writing a dialect"), written against the package's public API only,
 * not a built-in option: the seeds' hand-written PyJWT login view. POST form fields username/password; the answer is always a
 * 200: {"status": true, "token": "<jwt>"} or {"status": false, "error": "用户名或密码错误"}. The bare token goes in
 * the Authorization header. There is no refresh endpoint, so the session simply ends at the token's `exp`.
 */
import { claimsOf, InvalidCredentialsError, secondsClaimMs, tokenOf, unreadableAnswer, type Dialect, type TokenPost, type TokenSet } from '@django-jwt/session'

export interface HandWrittenViewOptions {
  post: TokenPost
  /** Where the view is mounted, under the API base. */
  loginPath?: string
}

export function createHandWrittenViewDialect(options: HandWrittenViewOptions): Dialect {
  const loginPath = options.loginPath ?? '/login/'

  function accept({ access }: { access: unknown; refresh: unknown }): TokenSet | null {
    return typeof access === 'string' && secondsClaimMs(claimsOf(access), 'exp') !== null ? { access, refresh: null } : null
  }

  return {
    name: 'hand-written-view',
    // The view reads request.META["HTTP_AUTHORIZATION"] as the token itself: no scheme.
    headerPrefix: '',
    refreshNeedsUnexpiredToken: true,
    refreshSpendsCredential: false,
    async obtain(credentials) {
      const data = await options.post(loginPath, { ...credentials }, { form: true })
      const status = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).status : undefined
      // A refusal is the `status` field, never the (Chinese) `error` text.
      if (status === false) throw new InvalidCredentialsError()
      if (status !== true) throw unreadableAnswer()
      return { access: tokenOf(data), refresh: null }
    },
    // No refresh and no end: the core keeps the token until its exp, then ends the session; logout forgets it.
    accept,
    describe(tokens) {
      const exp = secondsClaimMs(claimsOf(tokens.access), 'exp')
      return exp === null ? null : { accessExpiresAt: exp, endsAt: exp }
    },
  }
}
