/** The API's URL conf, relative to the API base. Paths end with a slash; pk is DRF's router lookup [^/.]+. */
import { blacklistTokenView, obtainTokenView, refreshTokenView, verifyTokenView } from './tokenViews'
import type { Route } from './context'
import { meView } from './meView'
import { createOrderView, deleteOrderView, listOrdersView, patchOrderView, putOrderView, retrieveOrderView } from './orderViews'

export const ROUTES: readonly Route[] = [
  { name: 'Token Obtain Pair', pattern: /^\/token\/$/, authenticated: false, views: { POST: obtainTokenView } },
  { name: 'Token Refresh', pattern: /^\/token\/refresh\/$/, authenticated: false, views: { POST: refreshTokenView } },
  { name: 'Token Verify', pattern: /^\/token\/verify\/$/, authenticated: false, views: { POST: verifyTokenView } },
  { name: 'Token Blacklist', pattern: /^\/token\/blacklist\/$/, authenticated: false, views: { POST: blacklistTokenView } },
  { name: 'Me', pattern: /^\/me\/$/, authenticated: true, views: { GET: meView } },
  { name: 'Order List', pattern: /^\/orders\/$/, authenticated: true, views: { GET: listOrdersView, POST: createOrderView } },
  {
    name: 'Order Instance',
    pattern: /^\/orders\/(?<pk>[^/.]+)\/$/,
    authenticated: true,
    views: { GET: retrieveOrderView, PUT: putOrderView, PATCH: patchOrderView, DELETE: deleteOrderView },
  },
]

export function resolveRoute(path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path)
    if (match) return { route, params: { ...match.groups } }
  }
  return undefined
}

/**
 * DEFAULT_RENDERER_CLASSES' media types (JSONRenderer, BrowsableAPIRenderer), as the contract's OPTIONS shows them.
 * With more than one, DRF adds Vary: Accept to every API answer.
 */
export const RENDERER_MEDIA_TYPES: readonly string[] = ['application/json', 'text/html']

/** The Allow header DRF sends: the view's methods in http_method_names order, HEAD with GET, and OPTIONS. */
export function allowedMethods(route: Route): string[] {
  const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
  const methods: string[] = order.filter((method) => route.views[method])
  if (route.views.GET) methods.push('HEAD')
  methods.push('OPTIONS')
  return methods
}
