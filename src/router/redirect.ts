import type { RouteLocationRaw, Router } from 'vue-router'
import { loginLocation as loginLocationOf, resolveRedirect as resolveRedirectOf, type SessionRoutes } from '@django-jwt/vue'
import { HOME_ROUTE, LOGIN_ROUTE_NAME } from './routes'

/** This app's routes for the redirects (@django-jwt/vue). */
export const SESSION_ROUTES: SessionRoutes = { login: LOGIN_ROUTE_NAME, home: HOME_ROUTE, notFound: 'not-found' }

/** The page to land on after login: `raw` if it is a safe path to a real page of this app, else home. */
export function resolveRedirect(router: Router, raw: unknown): RouteLocationRaw {
  return resolveRedirectOf(router, raw, SESSION_ROUTES)
}

/** The login page, remembering where the user was (unless that is the login page itself). */
export function loginLocation(router: Router, from?: string): RouteLocationRaw {
  return loginLocationOf(router, SESSION_ROUTES, from)
}
