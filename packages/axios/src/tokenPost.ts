import type { AxiosInstance } from 'axios'
import type { TokenPost } from '@django-jwt/session'

/**
 * The dialects' way to the token endpoints through `instance`: no Authorization header, never a refresh (so nothing
 * can loop), no global error notice (the session and the login form report), form-encoded when a dialect asks, with
 * the headers a dialect adds (cookie mode's CSRF header).
 *
 * @example
 * ```ts
 * const dialect = createSimplejwtDialect({ post: tokenPost(api) })
 * ```
 */
export function tokenPost(instance: AxiosInstance): TokenPost {
  return async (path, body, options = {}) => {
    const data = options.form ? new URLSearchParams(Object.entries(body).map(([name, value]) => [name, String(value)])) : body
    const config = { timeout: options.timeout, headers: options.headers, skipAuth: true, skipErrorToast: true }
    return (await instance.post(path, data, config)).data
  }
}
