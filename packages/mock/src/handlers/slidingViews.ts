/** simplejwt's sliding views: TokenObtainSlidingView and TokenRefreshSlidingView (verify is the shared one). */
import { charField } from '../fields.js'
import { epochSeconds, newJti, signToken, type TokenPayload } from '../jwt.js'
import { jsonResponse, type MockResponse } from '../responses.js'
import { TOKEN_MESSAGES, TokenError, jtiOf, loadToken, type TokenCheckContext } from '../simplejwt.js'
import { isBlacklisted, outstand } from '../tokens.js'
import { TOKEN_VERSION_CLAIM, currentTokenVersion } from '../tokenVersions.js'
import { authenticateUser, tokenView } from './tokenViews.js'
import type { ViewContext } from './context.js'
import { gettextLazy } from '../translation.js'

const NO_REFRESH_EXP = gettextLazy("Token has no '{}' claim").format(['refresh_exp'])

/**
 * VersionedSlidingToken.for_user with the settings' two lifetimes: token_type, exp, iat, jti, refresh_exp, user_id (a
 * str since 5.5), then the user's token_version.
 */
export function slidingPayload(userId: number, tokenVersion: number, nowMs: number, accessSeconds: number, refreshSeconds: number): TokenPayload {
  return {
    token_type: 'sliding',
    exp: epochSeconds(nowMs + accessSeconds * 1000),
    iat: epochSeconds(nowMs),
    jti: newJti(),
    refresh_exp: epochSeconds(nowMs + refreshSeconds * 1000),
    user_id: String(userId),
    [TOKEN_VERSION_CLAIM]: tokenVersion,
  }
}

/**
 * A plain SlidingToken's checks: its blacklist holds a token after "log out everywhere" or a password change
 * (sessions_end_all blacklists every outstanding token, sliding ones too); versions are authentication's business.
 */
export function slidingCheckContext(context: Pick<ViewContext, 'state' | 'nowMs'>): TokenCheckContext {
  return { secret: context.state.secret, nowMs: context.nowMs, isBlacklisted: (payload) => isBlacklisted(context.state, jtiOf(payload)) }
}

export function obtainSlidingView(context: ViewContext): Promise<MockResponse> {
  const fields = { username: charField({ required: true }), password: charField({ required: true }) }
  return tokenView(context, fields, async ({ username, password }) => {
    const authenticated = await authenticateUser(context, username as string, password as string)
    if ('refused' in authenticated) return authenticated.refused
    const { user } = authenticated
    const { accessSeconds, refreshSeconds } = context.settings
    const payload = slidingPayload(user.id, currentTokenVersion(context.state, user.id), context.nowMs, accessSeconds, refreshSeconds)
    outstand(context.state, payload, context.nowMs, user) // BlacklistMixin.for_user
    return jsonResponse(200, { token: await signToken(payload, context.state.secret) })
  })
}

/** Slides an unexpired token inside its refresh_exp: new exp and iat, jti and refresh_exp kept (nothing is revoked). */
export function refreshSlidingView(context: ViewContext): Promise<MockResponse> {
  return tokenView(context, { token: charField({ required: true }) }, async ({ token }) => {
    const payload = await loadToken(token as string, 'sliding', slidingCheckContext(context))
    // Token.check_exp('refresh_exp'): expired when claim time <= now. A refresh_exp that is no number or out of a
    // datetime's range (stock: datetime_from_epoch's TypeError / OverflowError, a 500) was refused by loadToken.
    if (!('refresh_exp' in payload)) throw new TokenError(NO_REFRESH_EXP)
    const refreshExp = payload.refresh_exp
    if (Number(refreshExp) * 1000 <= context.nowMs) throw new TokenError(TOKEN_MESSAGES.refreshExpExpired)
    const slid = { ...payload, exp: epochSeconds(context.nowMs + context.settings.accessSeconds * 1000), iat: epochSeconds(context.nowMs) }
    return jsonResponse(200, { token: await signToken(slid, context.state.secret) })
  })
}
