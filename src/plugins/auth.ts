import type { Router } from 'vue-router'
import type { Notice } from '@django-jwt/axios'
import { installSessionNavigation } from '@django-jwt/vue'
import { browserSession } from '@/browserSession'
import { config } from '@/config'
import { configureHttp } from '@/http/client'
import { SESSION_ROUTES } from '@/router/redirect'
import { notify } from '@/ui/notify'

/** How long the seed's "login expired" toast blocks taps before the redirect (403). */
const FORBIDDEN_REDIRECT_DELAY_MS = 1000
/** The seed's toast for an expired login (taps blocked for about a second); the axios binding's own is in its lazy chunk. */
const SESSION_EXPIRED_NOTICE: Notice = { key: 'errors.sessionExpired', forbidClick: true, duration: 1000 }

export type Translate = (key: string, params: Record<string, string | number>) => string

/**
 * Connects the session to the app: the interceptors on the axios instance, the route guard and the navigation
 * that follows the session in every tab (@django-jwt/vue), toasts in the user's language.
 */
export function installAuth(router: Router, t: Translate): void {
  const show = (notice: Notice) => {
    const message = 'text' in notice ? notice.text : t(notice.key, notice.params ?? {})
    const options = 'text' in notice ? {} : { forbidClick: notice.forbidClick, duration: notice.duration }
    void notify(message, options)
  }
  const navigation = installSessionNavigation(router, browserSession, {
    ...SESSION_ROUTES,
    onExpired(reason) {
      show(SESSION_EXPIRED_NOTICE)
      return reason === 'forbidden' ? FORBIDDEN_REDIRECT_DELAY_MS : 0
    },
  })
  // The interceptors travel with axios in its lazy chunk (see http/client.ts).
  configureHttp(async (instance) => {
    const { installSessionInterceptors } = await import('@django-jwt/axios')
    installSessionInterceptors(instance, {
      session: browserSession.session,
      clock: browserSession.clock,
      headerPrefix: browserSession.dialect.headerPrefix,
      forbiddenMeans: config.forbiddenMeans,
      onErrorNotice: show,
      onLoginRequired: navigation.requireLogin,
    })
  })
}
