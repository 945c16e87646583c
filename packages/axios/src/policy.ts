import type { ApiError } from '@django-jwt/session'

/**
 * What a 403 means to this app: the seed's "your login expired" (refresh once, then log in again), or a plain
 * "permission denied" (a toast; the session stays).
 */
export type ForbiddenMeans = 'session-expired' | 'permission-denied'

/** A message for people: an i18n key with parameters, or the server's own words. */
export type Notice =
  | { key: NoticeKey; params?: Record<string, string | number>; forbidClick?: boolean; duration?: number }
  | { text: string }

export type NoticeKey =
  | 'errors.sessionExpired'
  | 'errors.forbidden'
  | 'errors.notFound'
  | 'errors.network'
  | 'errors.timeout'
  | 'errors.server'
  | 'errors.badResponse'
  | 'errors.generic'

/** The toast the seed shows for an expired login on a 403: taps blocked for about a second. */
export const SESSION_EXPIRED_NOTICE: Notice = { key: 'errors.sessionExpired', forbidClick: true, duration: 1000 }

/**
 * What to tell the user about a failed request that the session could not (or need not) heal.
 * null: say nothing (cancelled by the app).
 */
export function noticeFor(error: ApiError, forbiddenMeans: ForbiddenMeans): Notice | null {
  switch (error.kind) {
    case 'aborted':
      return null
    case 'network':
      return { key: 'errors.network' }
    case 'timeout':
      return { key: 'errors.timeout' }
    case 'bad-response':
      return error.status >= 500 ? { key: 'errors.server', params: { status: error.status } } : { key: 'errors.badResponse', params: { status: error.status } }
    case 'http':
      break
  }
  if (error.status === 404) return { key: 'errors.notFound' }
  if (error.status === 403 && forbiddenMeans === 'permission-denied') return { key: 'errors.forbidden' }
  if (error.status >= 500) return { key: 'errors.server', params: { status: error.status } }
  const message = error.firstMessage
  return message ? { text: message } : { key: 'errors.generic', params: { status: error.status } }
}

/** A status that means "your login is no longer good" and may be healed by a refresh. */
export function isAuthFailure(error: ApiError, forbiddenMeans: ForbiddenMeans): boolean {
  if (error.kind !== 'http' && error.kind !== 'bad-response') return false
  return error.status === 401 || (error.status === 403 && forbiddenMeans === 'session-expired')
}
