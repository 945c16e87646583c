// The session and the API client: @django-jwt/session on this browser, @django-jwt/axios on our axios instance.
import { createBrowserSession, createSimplejwtDialect, type TokenPost } from '@django-jwt/session'
import { createApiClient } from '@django-jwt/axios'

/** Our axios instance: JSON under /api, rejecting with the session core's typed errors. */
export const api = createApiClient({ baseURL: '/api' })

/** How the dialect reaches the token endpoints: no Authorization header, no refresh. */
const post: TokenPost = async (path, body, options = {}) => {
  const data = options.form ? new URLSearchParams(body) : body
  return (await api.post(path, data, { timeout: options.timeout, skipAuth: true })).data
}

/** The session: simplejwt token pairs (POST /api/token/, /api/token/refresh/, /api/token/blacklist/). */
export const browserSession = createBrowserSession({
  dialect: createSimplejwtDialect({ post }),
})
