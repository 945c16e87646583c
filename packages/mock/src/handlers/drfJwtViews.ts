/** djangorestframework-jwt's obtain_jwt_token, refresh_jwt_token, verify_jwt_token and JSONWebTokenAuthentication. */
import { charField } from '../fields.js'
import { DRF_JWT_MESSAGES, DrfJwtError, checkRefreshWindow, decodeDrfJwt, drfJwtPayload, signDrfJwt, userOfPayload, userOfUsernameClaim } from '../drfJwt.js'
import { validatedRequest } from '../requestBody.js'
import { DRF_MESSAGES, detailResponse, jsonResponse, type MockResponse } from '../responses.js'
import type { AuthResult } from './authentication.js'
import type { ViewContext } from './context.js'
import { authenticateUser } from './tokenViews.js'

/** Every refusal of drf-jwt's serializers is a 400 with non_field_errors. */
async function jwtView(
  context: ViewContext,
  fields: Record<string, ReturnType<typeof charField>>,
  validate: (values: Record<string, string>) => Promise<MockResponse>,
): Promise<MockResponse> {
  const result = await validatedRequest(context.request, fields, false, context.stack)
  if (!result.ok) return result.response
  try {
    return await validate(result.values as Record<string, string>)
  } catch (error) {
    if (error instanceof DrfJwtError) return jsonResponse(400, { non_field_errors: [error.detail] })
    throw error
  }
}

export function obtainDrfJwtView(context: ViewContext): Promise<MockResponse> {
  const fields = { username: charField({ required: true }), password: charField({ required: true }) }
  return jwtView(context, fields, async ({ username, password }) => {
    const authenticated = await authenticateUser(context, username as string, password as string, () => {
      throw new DrfJwtError(DRF_JWT_MESSAGES.unableToLogIn)
    })
    if ('refused' in authenticated) return authenticated.refused
    const { user } = authenticated
    const payload = drfJwtPayload(user.id, context.nowMs, context.settings.accessSeconds)
    return jsonResponse(200, { token: await signDrfJwt(payload, context.state.secret) })
  })
}

/** A new token for an unexpired one while now <= orig_iat + JWT_REFRESH_EXPIRATION_DELTA (whole seconds); orig_iat kept. */
export function refreshDrfJwtView(context: ViewContext): Promise<MockResponse> {
  return jwtView(context, { token: charField({ required: true }) }, async ({ token }) => {
    const payload = await decodeDrfJwt(token as string, context.state.secret, context.nowMs, 'view')
    const userId = userOfPayload(payload)
    checkRefreshWindow(payload.orig_iat, context.nowMs, context.settings.refreshSeconds)
    const next = drfJwtPayload(userId, context.nowMs, context.settings.accessSeconds, payload.orig_iat)
    return jsonResponse(200, { token: await signDrfJwt(next, context.state.secret) })
  })
}

/** 200 {"token": <the same token>} when its signature, exp and user check out. */
export function verifyDrfJwtView(context: ViewContext): Promise<MockResponse> {
  return jwtView(context, { token: charField({ required: true }) }, async ({ token }) => {
    userOfPayload(await decodeDrfJwt(token as string, context.state.secret, context.nowMs, 'view'))
    return jsonResponse(200, { token })
  })
}

/** JSONWebTokenAuthentication: `JWT <token>` (prefix compared case-insensitively), every failure a 401 {detail}. */
export async function authenticateDrfJwt(context: Omit<ViewContext, 'userId' | 'params' | 'token'>): Promise<AuthResult> {
  const fail = (detail: Parameters<typeof detailResponse>[1]): AuthResult => ({ ok: false, response: detailResponse(401, detail) })
  const parts = (context.request.headers.get('authorization') ?? '').split(/[ \t\n\r\f\v]+/).filter(Boolean)
  if (parts.length === 0 || parts[0]?.toLowerCase() !== 'jwt') return fail(DRF_MESSAGES.notAuthenticated)
  if (parts.length === 1) return fail(DRF_JWT_MESSAGES.noCredentials)
  if (parts.length > 2) return fail(DRF_JWT_MESSAGES.spaces)
  try {
    const payload = await decodeDrfJwt(parts[1] as string, context.state.secret, context.nowMs, 'authentication')
    const user = userOfUsernameClaim(payload)
    if (user === 'no username') return fail(DRF_JWT_MESSAGES.invalidPayload)
    if (!user) return fail(DRF_JWT_MESSAGES.invalidSignature)
    return { ok: true, userId: user.id }
  } catch (error) {
    if (error instanceof DrfJwtError) return fail(error.detail)
    throw error
  }
}
