import type { Router } from 'vue-router'
import { resolveRedirect } from './redirect'
import { LOGIN_ROUTE_NAME } from './routes'

/** Pages that need a session send everyone else to log in, remembering where they were going. */
export function installAuthGuard(router: Router, isLoggedIn: () => boolean): void {
  router.beforeEach((to) => {
    if (to.meta.requiresAuth && !isLoggedIn()) {
      return { name: LOGIN_ROUTE_NAME, query: { redirect: to.fullPath } }
    }
    if (to.name === LOGIN_ROUTE_NAME && isLoggedIn()) return resolveRedirect(router, to.query.redirect)
    return true
  })
}
