/** The app's session: the core (@django-jwt/session) on this browser, speaking the dialect this build was made for. */
import { createBrowserSession, type TokenPost } from '@django-jwt/session'
import { config } from '@/config'
import { createConfiguredDialect } from '@/dialect'
import { http } from '@/http/client'

/** Token endpoints: no Authorization, no refresh, no global toast (the session and the login page report). */
const postToTokenEndpoint: TokenPost = async (path, body, options = {}) => {
  const data = options.form ? new URLSearchParams(Object.entries(body).map(([name, value]) => [name, String(value)])) : body
  return (await http.post(path, data, { timeout: options.timeout, headers: options.headers, skipAuth: true, skipErrorToast: true })).data
}

export const browserSession = createBrowserSession({
  dialect: createConfiguredDialect({
    post: postToTokenEndpoint,
    paths: config.authPaths,
    headerPrefix: config.authHeaderPrefix,
    drfJwtRefreshSeconds: config.drfJwtRefreshSeconds,
  }),
  idleMinutes: config.idleMinutes,
})
