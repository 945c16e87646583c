import type { RouteLocationRaw, Router } from 'vue-router'
import { isSafeRedirectPath, type BrowserSession, type ExpiryReason } from '@django-jwt/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages that need a session: the guard sends everyone else to the login page, with `?redirect=`. */
    requiresAuth?: boolean
  }
}

/** The app's routes the guard and the redirects need to know. */
export interface SessionRoutes {
  /** The login page's route name; default `login`. */
  login?: string
  /** Where to land after login when there is no (safe) redirect target; default `/`. */
  home?: RouteLocationRaw
  /** The catch-all route's name, never a redirect target; default `not-found`. */
  notFound?: string
}

const routeNames = (routes: SessionRoutes = {}) => ({
  login: routes.login ?? 'login',
  home: routes.home ?? '/',
  notFound: routes.notFound ?? 'not-found',
})

/**
 * The page to land on after login: `raw` (a `?redirect=` value) if it is a safe path to a real page of this app,
 * else home. A target that could leave the app (another origin in any spelling, `//evil`, `/\evil`, encoded
 * variants) is never followed.
 */
export function resolveRedirect(router: Router, raw: unknown, routes?: SessionRoutes): RouteLocationRaw {
  const { login, home, notFound } = routeNames(routes)
  const candidate = Array.isArray(raw) ? raw[0] : raw
  if (!isSafeRedirectPath(candidate)) return home
  const resolved = router.resolve(candidate)
  const name = resolved.name
  if (!resolved.matched.length || name === login || name === notFound) return home
  return resolved.fullPath
}

/** The login page, remembering where the user was (unless that is the login page itself). */
export function loginLocation(router: Router, routes?: SessionRoutes, from = router.currentRoute.value.fullPath): RouteLocationRaw {
  const { login } = routeNames(routes)
  const current = router.resolve(from)
  if (current.name === login) return current.fullPath
  return { name: login, query: { redirect: current.fullPath } }
}

/** Pages with `meta.requiresAuth` send everyone else to log in, remembering where they were going. */
export function installAuthGuard(router: Router, isLoggedIn: () => boolean, routes?: SessionRoutes): void {
  const { login } = routeNames(routes)
  router.beforeEach((to) => {
    if (to.meta.requiresAuth && !isLoggedIn()) return { name: login, query: { redirect: to.fullPath } }
    if (to.name === login && isLoggedIn()) return resolveRedirect(router, to.query.redirect, routes)
    return true
  })
}

/** Options of {@link installSessionNavigation}: the app's routes, and what to do when the session expires. */
export interface SessionNavigationOptions extends SessionRoutes {
  /**
   * The session ended without the user asking (refresh refused or past its end, a 403): called once, before the
   * redirect to the login page (a toast). Not for the idle lapse: the login page says why itself. Return a number
   * of ms to wait before the redirect (e.g. a toast that blocks taps).
   */
  onExpired?(reason: ExpiryReason): number | void
}

/** What {@link installSessionNavigation} gives back. */
export interface SessionNavigation {
  /** Sends the user to the login page with `?redirect=` to where they are (one navigation however often called). */
  requireLogin(): void
}

/**
 * Connects the session to the router: the first navigation waits for the session to start (it may come from
 * another tab), the guard protects `meta.requiresAuth` pages, and the router follows the session in every tab:
 * expired → the login page with `?redirect=` (idle: only from a protected page); logged out → the login page;
 * logged out in another tab → the login page from a protected page; logged in in another tab → off the login page.
 */
export function installSessionNavigation(
  router: Router,
  browserSession: BrowserSession,
  options: SessionNavigationOptions = {},
): SessionNavigation {
  const { session } = browserSession
  const { login } = routeNames(options)
  const onLoginPage = () => router.currentRoute.value.name === login
  let leaving = false
  const toLogin = (withRedirect: boolean) => {
    if (leaving || onLoginPage()) return
    leaving = true
    const target = withRedirect ? loginLocation(router, options) : { name: login }
    void router.replace(target).finally(() => {
      leaving = false
    })
  }
  const started = browserSession.start()
  router.beforeEach(() => started.then(() => true))
  installAuthGuard(router, () => session.isLoggedIn(), options)

  session.on((event) => {
    switch (event.type) {
      case 'expired': {
        // Idle: the login page says why (the user was away; a toast would be gone by the time they look).
        if (event.reason === 'idle') {
          if (router.currentRoute.value.meta.requiresAuth) toLogin(true)
          break
        }
        const delay = options.onExpired?.(event.reason)
        if (typeof delay === 'number' && delay > 0) setTimeout(() => toLogin(true), delay)
        else toLogin(true)
        break
      }
      case 'logout':
        toLogin(false)
        break
      case 'remote-logout':
        if (router.currentRoute.value.meta.requiresAuth) toLogin(true)
        break
      case 'remote-login':
        if (onLoginPage()) void router.replace(resolveRedirect(router, router.currentRoute.value.query.redirect, options))
        break
      case 'changed':
        break
    }
  })
  return { requireLogin: () => toLogin(true) }
}
