import { InvalidCredentialsError } from '@django-jwt/session'
import { isApiError, type FieldErrors } from '@django-jwt/session'

/** What the login page shows for a failed login: a message for the page and messages per field. */
export interface LoginFailure {
  /** An i18n key with its parameters, or a server message to show as is. */
  message: { key: string; params?: Record<string, unknown> } | { text: string } | null
  fieldErrors: FieldErrors
  /** Too many failed attempts (429): the seconds to wait before the next try; nothing may be sent until then. */
  retryAfterSeconds?: number
}

/** Sorts a rejected login into what the person can act on: wrong password, a field to fix, or no connection. */
export function describeLoginFailure(error: unknown): LoginFailure {
  if (error instanceof InvalidCredentialsError) return { message: { key: 'login.wrongCredentials' }, fieldErrors: {} }
  if (!isApiError(error)) return { message: { key: 'login.failed', params: { status: '?' } }, fieldErrors: {} }
  if (error.kind === 'network') return { message: { key: 'login.network' }, fieldErrors: {} }
  if (error.kind === 'timeout') return { message: { key: 'login.timeout' }, fieldErrors: {} }
  if (error.status === 401) return { message: { key: 'login.wrongCredentials' }, fieldErrors: {} }
  // The lockout's answer and nginx's limit_req alike: the page counts the wait down (never the server's text).
  if (error.status === 429) return { message: null, fieldErrors: {}, retryAfterSeconds: error.retryAfterSeconds ?? 1 }
  if (error.status === 400) {
    const { non_field_errors: general, ...fields } = error.fieldErrors
    const known = Object.keys(fields).some((name) => name === 'username' || name === 'password')
    const text = general?.[0] ?? error.detail
    return { message: text ? { text } : known ? null : { key: 'login.failed', params: { status: 400 } }, fieldErrors: fields }
  }
  return { message: { key: 'login.failed', params: { status: error.status || error.kind } }, fieldErrors: {} }
}
