import type { Router } from 'vue-router'
import { config } from '@/config'
import { configureHttp } from '@/http/client'
import { SESSION_EXPIRED_NOTICE, type Notice } from '@/http/policy'
import { installAuthGuard } from '@/router/guard'
import { loginLocation, resolveRedirect } from '@/router/redirect'
import { LOGIN_ROUTE_NAME } from '@/router/routes'
import { IDLE_MS, dialect, serverClock, session, startIdleFloor, tokenStorage } from '@/session'
import { notify } from '@/ui/notify'

/** How long the seed's "login expired" toast blocks taps before the redirect (403). */
const FORBIDDEN_REDIRECT_DELAY_MS = 1000

/**
 * Connects the session core to the app: the interceptors on the axios instance, the route guard,
 * toasts in the user's language, and the navigation that follows the session in every tab.
 */
export type Translate = (key: string, params: Record<string, string | number>) => string

export function installSession(router: Router, t: Translate): void {
  const show = (notice: Notice) => {
    const message = 'text' in notice ? notice.text : t(notice.key, notice.params ?? {})
    const options = 'text' in notice ? {} : { forbidClick: notice.forbidClick, duration: notice.duration }
    void notify(message, options)
  }
  const onLoginPage = () => router.currentRoute.value.name === LOGIN_ROUTE_NAME
  let leaving = false
  const toLogin = (withRedirect: boolean) => {
    if (leaving || onLoginPage()) return
    leaving = true
    const target = withRedirect ? loginLocation(router) : { name: LOGIN_ROUTE_NAME }
    void router.replace(target).finally(() => {
      leaving = false
    })
  }

  // The interceptors travel with axios in its lazy chunk (see http/client.ts).
  configureHttp(async (instance) => {
    const { installSessionInterceptors } = await import('@/http/session-interceptors')
    installSessionInterceptors(instance, {
      session,
      clock: serverClock,
      headerPrefix: dialect.headerPrefix,
      forbiddenMeans: config.forbiddenMeans,
      notify: show,
      requireLogin: () => toLogin(true),
    })
  })
  // A tab may get its session from another tab (tokens kept per tab): the session starts, and the first page shows, after that.
  const started = tokenStorage.join().then(start)
  router.beforeEach(() => started.then(() => true))
  installAuthGuard(router, () => session.isLoggedIn())

  session.on((event) => {
    switch (event.type) {
      case 'expired':
        // Idle: the login page says why (the user was away; a toast would be gone by the time they look).
        if (event.reason === 'idle') {
          if (router.currentRoute.value.meta.requiresAuth) toLogin(true)
          break
        }
        show(SESSION_EXPIRED_NOTICE)
        if (event.reason === 'forbidden') setTimeout(() => toLogin(true), FORBIDDEN_REDIRECT_DELAY_MS)
        else toLogin(true)
        break
      case 'logout':
        toLogin(false)
        break
      case 'remote-logout':
        if (router.currentRoute.value.meta.requiresAuth) toLogin(true)
        break
      case 'remote-login':
        if (onLoginPage()) void router.replace(resolveRedirect(router, router.currentRoute.value.query.redirect))
        break
      case 'changed':
        break
    }
  })

  // Timers sleep in background tabs: look at the schedule again whenever the tab comes back.
  const wake = () => session.wake()
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') wake()
  })
  window.addEventListener('focus', wake)
  window.addEventListener('online', wake)
  // The idle lapse's timers and listeners come with the tab's first session (a logged-out /login needs none).
  let idleInstalled = false
  const installIdle = () => {
    if (idleInstalled || !IDLE_MS || !session.current()) return
    idleInstalled = true
    void import('./idle').then(({ installIdleLapse }) => installIdleLapse(session))
  }
  function start(): void {
    session.start()
    if (IDLE_MS) startIdleFloor() // before the idle policy's own listeners: they read the floor
    session.on(installIdle)
    installIdle()
  }
}
