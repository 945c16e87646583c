/** simplejwt's sliding views: TokenObtainSlidingView and TokenRefreshSlidingView (verify is the shared one). */
import { charField } from '../fields'
import { epochSeconds, newJti, signToken, type TokenPayload } from '../jwt'
import { detailResponse, jsonResponse, type MockResponse } from '../responses'
import { TOKEN_MESSAGES, TokenError, loadToken } from '../simplejwt'
import { NO_ACTIVE_ACCOUNT, checkContext, tokenView } from './tokenViews'
import type { ViewContext } from './context'
import { gettextLazy } from '../translation'

const NO_REFRESH_EXP = gettextLazy("Token has no '{}' claim").format(['refresh_exp'])

/** SlidingToken.for_user: token_type, exp, iat, jti, refresh_exp, user_id (the settings' two lifetimes). */
export function slidingPayload(userId: number, nowMs: number, accessSeconds: number, refreshSeconds: number): TokenPayload {
  return {
    token_type: 'sliding',
    exp: epochSeconds(nowMs + accessSeconds * 1000),
    iat: epochSeconds(nowMs),
    jti: newJti(),
    refresh_exp: epochSeconds(nowMs + refreshSeconds * 1000),
    user_id: userId,
  }
}

export function obtainSlidingView(context: ViewContext): Promise<MockResponse> {
  const fields = { username: charField({ required: true }), password: charField({ required: true }) }
  return tokenView(context, fields, async ({ username, password }) => {
    const user = context.state.users.find((candidate) => candidate.username === username && candidate.password === password)
    if (!user) return detailResponse(401, NO_ACTIVE_ACCOUNT)
    const { accessSeconds, refreshSeconds } = context.settings
    return jsonResponse(200, { token: await signToken(slidingPayload(user.id, context.nowMs, accessSeconds, refreshSeconds), context.state.secret) })
  })
}

/** Slides an unexpired token inside its refresh_exp: new exp and iat, jti and refresh_exp kept (nothing is revoked). */
export function refreshSlidingView(context: ViewContext): Promise<MockResponse> {
  return tokenView(context, { token: charField({ required: true }) }, async ({ token }) => {
    const payload = await loadToken(token as string, 'sliding', checkContext(context))
    // Token.check_exp('refresh_exp'): expired when claim time <= now.
    const refreshExp = payload.refresh_exp
    if (typeof refreshExp !== 'number') throw new TokenError(NO_REFRESH_EXP)
    if (refreshExp * 1000 <= context.nowMs) throw new TokenError(TOKEN_MESSAGES.refreshExpExpired)
    const slid = { ...payload, exp: epochSeconds(context.nowMs + context.settings.accessSeconds * 1000), iat: epochSeconds(context.nowMs) }
    return jsonResponse(200, { token: await signToken(slid, context.state.secret) })
  })
}
