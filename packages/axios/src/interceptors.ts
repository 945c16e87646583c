import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { ApiError, parseHttpDate, SessionExpiredError, type ServerClock, type Session } from '@django-jwt/session'
import { bindRequestConfig, requestConfigOf, responseHeadersOf } from './client.js'
import { isAuthFailure, noticeFor, type ForbiddenMeans, type Notice } from './policy.js'

export interface SessionInterceptorOptions {
  /** The session core whose tokens the requests carry (`createBrowserSession(…).session`). */
  session: Session
  /** The server clock the answers' `Date` headers correct (`createBrowserSession(…).clock`). */
  clock: ServerClock
  /** The Authorization scheme before the access token: `JWT` (the seeds', drf-jwt's) or `Bearer`; '' sends the bare token. */
  headerPrefix: string
  /** What a 403 means: `session-expired` (refresh once, then end the session) or `permission-denied` (default). */
  forbiddenMeans?: ForbiddenMeans
  /** Called with what to tell the user about a failed request nobody else reports (a toast); de-duplicate there. */
  onErrorNotice?(notice: Notice): void
  /** A 401 on a request that carried no token: send the user to the login page (no toast). */
  onLoginRequired?(): void
}

function pageUrl(): string {
  return globalThis.location?.href ?? 'http://localhost/'
}

/** Only the app's own API gets the token: same origin as the API base, under its path. */
function ownApiCheck(instance: AxiosInstance): (config: InternalAxiosRequestConfig) => boolean {
  const base = new URL(`${instance.defaults.baseURL ?? ''}/`.replace(/\/+$/, '/'), pageUrl())
  return (config) => {
    const target = new URL(instance.getUri(config), pageUrl())
    return target.origin === base.origin && target.pathname.startsWith(base.pathname)
  }
}

function sentToken(config: InternalAxiosRequestConfig, prefix: string): string | null {
  const header = config.headers.get('Authorization')
  if (typeof header !== 'string') return null
  if (!prefix) return header || null
  return header.startsWith(`${prefix} `) ? header.slice(prefix.length + 1) : null
}

/** A refresh failure reported against the request that waited for it. */
function asRequestError(error: unknown, config: InternalAxiosRequestConfig): unknown {
  if (!(error instanceof ApiError)) return error
  const copy = new ApiError(error.kind, error.status, error.detail, error.code, error.fieldErrors, error.retryAfterSeconds)
  return bindRequestConfig(copy, config)
}

/**
 * Installs the session on an axios instance:
 * - request: the (refreshed-if-due) access token on own-API requests, the session's abort signal;
 * - response: the server clock from `Date`; a 401 (or 403, by config) heals by one shared refresh
 *   and one replay; what can't be healed ends the session; the rest gets one clear toast.
 * Returns a function that removes the interceptors.
 */
export function installSessionInterceptors(instance: AxiosInstance, options: SessionInterceptorOptions): () => void {
  const { session, clock, headerPrefix } = options
  const forbiddenMeans = options.forbiddenMeans ?? 'permission-denied'
  const isOwnApi = ownApiCheck(instance)

  function observeClock(config: InternalAxiosRequestConfig | undefined, headers: Record<string, unknown> | undefined): void {
    const date = parseHttpDate(headers?.date)
    if (config?.sentAt !== undefined && Number.isFinite(date)) clock.observe(date, 1000, config.sentAt, clock.localNow())
  }

  function report(error: unknown, config: InternalAxiosRequestConfig | undefined): void {
    if (!(error instanceof ApiError) || config?.skipErrorToast) return
    const notice = noticeFor(error, forbiddenMeans)
    if (notice) options.onErrorNotice?.(notice)
  }

  const requestId = instance.interceptors.request.use(async (config) => {
    config.sentAt = clock.localNow()
    if (config.skipAuth || !isOwnApi(config)) return config
    config.signal ??= session.signal()
    if (config.headers.has('Authorization')) return config // set explicitly by the caller
    let access: string | null
    try {
      access = await session.freshAccessToken()
    } catch (error) {
      throw asRequestError(error, config)
    }
    if (access) config.headers.set('Authorization', headerPrefix ? `${headerPrefix} ${access}` : access)
    return config
  })

  const responseId = instance.interceptors.response.use(
    (response: AxiosResponse) => {
      observeClock(response.config, response.headers)
      return response
    },
    async (error: unknown) => {
      if (!(error instanceof ApiError)) throw error // SessionExpiredError and the unexpected pass through
      const config = requestConfigOf(error)
      observeClock(config, responseHeadersOf(error))
      if (!config || config.skipAuth || !isOwnApi(config)) {
        report(error, config)
        throw error
      }
      const token = sentToken(config, headerPrefix)
      // Aborted because the session ended (logout, expiry elsewhere): say so, typed.
      if (error.kind === 'aborted' && token && !session.current()) throw new SessionExpiredError('session ended')
      if (isAuthFailure(error, forbiddenMeans)) {
        if (!token) {
          options.onLoginRequired?.()
          throw error
        }
        if (!session.current()) throw new SessionExpiredError('session ended')
        if (config.authReplayed) {
          session.expire(error.status === 403 ? 'forbidden' : 'rejected-after-refresh')
          throw new SessionExpiredError('refused after refresh')
        }
        try {
          await session.refreshAfterRejection(token)
        } catch (refreshError) {
          const failure = asRequestError(refreshError, config)
          report(failure, config)
          throw failure
        }
        config.authReplayed = true
        config.headers.delete('Authorization') // the request interceptor sets the current token
        return instance.request(config)
      }
      report(error, config)
      throw error
    },
  )

  return () => {
    instance.interceptors.request.eject(requestId)
    instance.interceptors.response.eject(responseId)
  }
}
