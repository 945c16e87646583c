import type { AxiosInstance } from 'axios'
import type { TokenPost } from '@django-jwt/session'

/**
 * The dialects' way to the token endpoints through `instance`: no Authorization header, never a refresh (so nothing
 * can loop), no global error notice (the session and the login form report), form-encoded when a dialect asks.
 *
 * @example
 * ```ts
 * const dialect = createSimplejwtDialect({ post: tokenPost(api) })
 * ```
 */
export function tokenPost(instance: AxiosInstance): TokenPost {
  return async (path, body, options = {}) => {
    const data = options.form ? new URLSearchParams(body) : body
    return (await instance.post(path, data, { timeout: options.timeout, skipAuth: true, skipErrorToast: true })).data
  }
}
