/** POST /token/, /token/refresh/, /token/verify/, /token/blacklist/ (simplejwt's TokenViewBase). */
import { charField } from '../fields'
import { signToken, type TokenPayload } from '../jwt'
import { pythonTruthy } from '../python'
import { validatedRequest } from '../requestBody'
import { UncaughtServerError, detailResponse, jsonResponse, type MockResponse } from '../responses'
import { TOKEN_MESSAGES, TokenError, jtiOf, loadToken } from '../simplejwt'
import { accessPayloadFrom, blacklist, isBlacklisted, isRefreshRevoked, issuePair, outstand, rotatedPayload } from '../tokens'
import { holdsCurrentVersion, userOfClaim } from '../tokenVersions'
import { gettextLazy } from '../translation'
import type { ViewContext } from './context'

/** TokenObtainSerializer.default_error_messages["no_active_account"] (translated). */
export const NO_ACTIVE_ACCOUNT = gettextLazy('No active account found with the given credentials')
/** The server's own verify (accounts/token_serializers.py) refuses a refresh token of an older version in plain English. */
const VERIFY_OLD_VERSION = 'Token is blacklisted'

/** Reads and validates the body; a TokenError thrown by `validate` becomes InvalidToken (401). */
export async function tokenView(
  context: ViewContext,
  fields: Record<string, ReturnType<typeof charField>>,
  validate: (values: Record<string, string>) => Promise<MockResponse>,
): Promise<MockResponse> {
  const result = await validatedRequest(context.request, fields)
  if (!result.ok) return result.response
  try {
    return await validate(result.values as Record<string, string>)
  } catch (error) {
    if (error instanceof TokenError) return jsonResponse(401, { detail: error.detail, code: 'token_not_valid' })
    throw error
  }
}

export function checkContext(context: ViewContext) {
  return { secret: context.state.secret, nowMs: context.nowMs, isBlacklisted: (payload: TokenPayload) => isRefreshRevoked(context.state, payload) }
}

export function obtainTokenView(context: ViewContext): Promise<MockResponse> {
  const fields = { username: charField({ required: true }), password: charField({ required: true }) }
  return tokenView(context, fields, async ({ username, password }) => {
    const user = context.state.users.find((candidate) => candidate.username === username && candidate.password === password)
    if (!user) return detailResponse(401, NO_ACTIVE_ACCOUNT)
    return jsonResponse(200, await issuePair(context.state, context.settings, user.id, context.nowMs))
  })
}

export function refreshTokenView(context: ViewContext): Promise<MockResponse> {
  return tokenView(context, { refresh: charField({ required: true }) }, async ({ refresh }) => {
    const payload = await loadToken(refresh as string, 'refresh', checkContext(context))
    // simplejwt 5.5 looks the user up (to refuse an inactive one) with a bare objects.get(): a user_id that names
    // no one is a DoesNotExist nobody catches.
    if (pythonTruthy(payload.user_id) && !userOfClaim(context.state, payload.user_id)) {
      throw new UncaughtServerError('User.DoesNotExist in TokenRefreshSerializer.validate')
    }
    const secret = context.state.secret
    const access = await signToken(accessPayloadFrom(payload, context.nowMs, context.settings.accessSeconds), secret)
    if (!context.settings.rotate) return jsonResponse(200, { access })
    // ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION: the old refresh token dies now; the new one is outstanding.
    blacklist(context.state, payload, context.nowMs)
    const next = rotatedPayload(payload, context.nowMs, context.settings.refreshSeconds)
    outstand(context.state, next, context.nowMs)
    return jsonResponse(200, { access, refresh: await signToken(next, secret) })
  })
}

export function verifyTokenView(context: ViewContext): Promise<MockResponse> {
  return tokenView(context, { token: charField({ required: true }) }, async ({ token }) => {
    const payload = await loadToken(token as string, undefined, checkContext(context))
    // TokenVerifySerializer looks at the blacklist only when BLACKLIST_AFTER_ROTATION is on (simplejwt 5.5's message
    // is translated); the server's (accounts/token_serializers.py) then also calls a refresh token of an older
    // version blacklisted, as refresh does, in its own untranslated words.
    if (!context.settings.rotate) return jsonResponse(200, {})
    if (isBlacklisted(context.state, jtiOf(payload))) return jsonResponse(400, { non_field_errors: [TOKEN_MESSAGES.blacklisted] })
    if (payload.token_type === 'refresh' && !holdsCurrentVersion(context.state, payload)) {
      return jsonResponse(400, { non_field_errors: [VERIFY_OLD_VERSION] })
    }
    return jsonResponse(200, {})
  })
}

export function blacklistTokenView(context: ViewContext): Promise<MockResponse> {
  return tokenView(context, { refresh: charField({ required: true }) }, async ({ refresh }) => {
    const payload = await loadToken(refresh as string, 'refresh', checkContext(context))
    blacklist(context.state, payload, context.nowMs)
    return jsonResponse(200, {})
  })
}
