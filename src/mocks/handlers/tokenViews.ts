/** POST /token/, /token/refresh/, /token/verify/, /token/blacklist/ (simplejwt's TokenViewBase). */
import { charField } from '../fields'
import { signToken, type TokenPayload } from '../jwt'
import { validatedRequest } from '../requestBody'
import { detailResponse, jsonResponse, type MockResponse } from '../responses'
import { TokenError, jtiOf, loadToken } from '../simplejwt'
import { accessPayloadFrom, blacklist, isBlacklisted, isRefreshRevoked, issuePair, rotatedPayload } from '../tokens'
import { gettextLazy } from '../translation'
import type { ViewContext } from './context'

/** TokenObtainSerializer.default_error_messages["no_active_account"] (translated). */
export const NO_ACTIVE_ACCOUNT = gettextLazy('No active account found with the given credentials')
/** TokenVerifySerializer raises ValidationError("Token is blacklisted"): not marked for translation in simplejwt 5.2.2. */
const VERIFY_BLACKLISTED = 'Token is blacklisted'

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
    const secret = context.state.secret
    const access = await signToken(accessPayloadFrom(payload, context.nowMs, context.settings.accessSeconds), secret)
    if (!context.settings.rotate) return jsonResponse(200, { access })
    // ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION: the old refresh token dies now.
    blacklist(context.state, payload, context.nowMs)
    const rotated = await signToken(rotatedPayload(payload, context.nowMs, context.settings.refreshSeconds), secret)
    return jsonResponse(200, { access, refresh: rotated })
  })
}

export function verifyTokenView(context: ViewContext): Promise<MockResponse> {
  return tokenView(context, { token: charField({ required: true }) }, async ({ token }) => {
    const payload = await loadToken(token as string, undefined, checkContext(context))
    // TokenVerifySerializer looks at the blacklist only when BLACKLIST_AFTER_ROTATION is on; the server's
    // (accounts/serializers.py) also calls a refresh token of an older version blacklisted, as refresh does.
    const revoked = isBlacklisted(context.state, jtiOf(payload)) || (payload.token_type === 'refresh' && isRefreshRevoked(context.state, payload))
    if (context.settings.rotate && revoked) {
      return jsonResponse(400, { non_field_errors: [VERIFY_BLACKLISTED] })
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
