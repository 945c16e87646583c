import type { RouteLocationRaw, Router } from 'vue-router'
import { isSafeRedirectPath } from '@/auth/redirect'
import { HOME_ROUTE, LOGIN_ROUTE_NAME } from './routes'

const NOT_FOUND_ROUTE_NAME = 'not-found'

/** The page to land on after login: `raw` if it is a safe path to a real page of this app, else home. */
export function resolveRedirect(router: Router, raw: unknown): RouteLocationRaw {
  const candidate = Array.isArray(raw) ? raw[0] : raw
  if (!isSafeRedirectPath(candidate)) return HOME_ROUTE
  const resolved = router.resolve(candidate)
  const name = resolved.name
  if (!resolved.matched.length || name === LOGIN_ROUTE_NAME || name === NOT_FOUND_ROUTE_NAME) return HOME_ROUTE
  return resolved.fullPath
}

/** The login page, remembering where the user was (unless that is the login page itself). */
export function loginLocation(router: Router, from = router.currentRoute.value.fullPath): RouteLocationRaw {
  const current = router.resolve(from)
  if (current.name === LOGIN_ROUTE_NAME) return current.fullPath
  return { name: LOGIN_ROUTE_NAME, query: { redirect: current.fullPath } }
}
