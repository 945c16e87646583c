/**
 * POST /me/password/ and POST /me/logout-all/ (server/accounts/session_views.py): every session of the user ends and
 * their token version rises; a password change starts a session for the device that asked.
 */
import { decodeJwt } from 'jose'
import { charField } from '../fields.js'
import type { TokenPayload } from '../jwt.js'
import { startAttempt } from '../lockout.js'
import { validatePassword } from '../passwordValidation.js'
import { validatedRequest } from '../requestBody.js'
import { NO_CONTENT, jsonResponse, type MockResponse } from '../responses.js'
import { clearingRefreshCookie, isCookieMode, refreshCookie, withCookie } from '../refreshCookie.js'
import { endAllSessions, isRemembered, startSession } from '../sessions.js'
import { gettextLazy, type Text } from '../translation.js'
import type { ViewContext } from './context.js'

/** PasswordChangeForm.error_messages["password_incorrect"] (translated). */
const PASSWORD_INCORRECT = gettextLazy('Your old password was entered incorrectly. Please enter it again.')

/** PasswordChangeSerializer: two of simplejwt's PasswordFields (CharFields: required, not blank, trimmed). */
const PASSWORD_CHANGE_FIELDS = { old_password: charField({ required: true }), new_password: charField({ required: true }) }

function currentUser(context: ViewContext) {
  const user = context.state.users.find((candidate) => candidate.id === context.userId)
  if (!user) throw new Error(`no user ${context.userId} behind an authenticated request`)
  return user
}

/** The shape first, like any serializer; then Django's checks of both fields at once; then the change. */
export async function passwordChangeView(context: ViewContext): Promise<MockResponse> {
  const result = await validatedRequest(context.request, PASSWORD_CHANGE_FIELDS, false, context.stack)
  if (!result.ok) return result.response
  const { old_password: oldPassword, new_password: newPassword } = result.values as Record<string, string>
  const user = currentUser(context)
  // The lockout's two keys with the user's username: locked, a 429 before any check; the current password counts.
  const attempt = await startAttempt(context, user.username)
  if (attempt.locked) return attempt.locked
  const errors: Record<string, Text[]> = {}
  if (oldPassword !== user.password) {
    errors.old_password = [PASSWORD_INCORRECT]
    attempt.failed()
  } else {
    attempt.succeeded()
  }
  const refusals = await validatePassword(newPassword as string, user)
  if (refusals.length) errors.new_password = refusals
  if (Object.keys(errors).length) return jsonResponse(400, errors)
  user.password = newPassword as string
  // Cookie mode: the device's new session is remembered iff the session of the request's access token was.
  const cookieMode = isCookieMode(context.settings)
  const remember = cookieMode && context.token !== undefined && isRemembered(context.state, context.token)
  endAllSessions(context.state, user, 'password', context.nowMs)
  const issue = cookieMode ? { remember, refreshExpClaim: true } : {}
  const { access, refresh } = await startSession(context.state, context.settings, user, context.userAgent, context.nowMs, issue)
  if (cookieMode) {
    const exp = remember ? Number((decodeJwt(refresh) as TokenPayload).exp) : undefined
    return withCookie(jsonResponse(200, { access }), refreshCookie(refresh, exp, context.nowMs))
  }
  return jsonResponse(200, { access, refresh }) // this endpoint's key order (login's is reversed)
}

export function logoutAllView(context: ViewContext): MockResponse {
  endAllSessions(context.state, currentUser(context), 'everywhere', context.nowMs)
  // Cookie mode: this device's session ended too, so its cookie goes.
  return isCookieMode(context.settings) ? withCookie(NO_CONTENT, clearingRefreshCookie()) : NO_CONTENT
}
