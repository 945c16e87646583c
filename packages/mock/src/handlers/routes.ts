/** The API's URL conf, relative to the API base. Paths end with a slash; pk is DRF's router lookup [^/.]+. */
import type { AuthDialectName } from '../types.js'
import { blacklistTokenView, obtainTokenView, refreshTokenView, verifyTokenView } from './tokenViews.js'
import { obtainSlidingView, refreshSlidingView } from './slidingViews.js'
import { obtainDrfJwtView, refreshDrfJwtView, verifyDrfJwtView } from './drfJwtViews.js'
import type { FieldMetadata, Route } from './context.js'
import { logoutAllView, passwordChangeView } from './accountViews.js'
import { meView } from './meView.js'
import { deleteSessionView, listSessionsView } from './sessionViews.js'
import { createOrderView, deleteOrderView, listOrdersView, patchOrderView, putOrderView, retrieveOrderView } from './orderViews.js'

/** A writable (or read-only) CharField of simplejwt's serializers; labels are field names, never translated. */
function stringField(label: string, readOnly = false): FieldMetadata {
  return { type: 'string', required: !readOnly, read_only: readOnly, label }
}

/** simplejwt 5.5's pair views, with descriptions and fields as its OPTIONS answers show them. */
const PAIR_TOKEN_ROUTES: readonly Route[] = [
  {
    name: 'Token Obtain Pair',
    description:
      'Takes a set of user credentials and returns an access and refresh JSON web\ntoken pair to prove the authentication of those credentials.',
    actions: { POST: { username: stringField('Username'), password: stringField('Password') } },
    pattern: /^\/token\/$/,
    authenticated: false,
    views: { POST: obtainTokenView },
  },
  {
    name: 'Token Refresh',
    description: 'Takes a refresh type JSON web token and returns an access type JSON web\ntoken if the refresh token is valid.',
    actions: { POST: { refresh: stringField('Refresh'), access: stringField('Access', true) } },
    pattern: /^\/token\/refresh\/$/,
    authenticated: false,
    views: { POST: refreshTokenView },
  },
  {
    name: 'Token Verify',
    description: "Takes a token and indicates if it is valid.  This view provides no\ninformation about a token's fitness for a particular use.",
    actions: { POST: { token: stringField('Token') } },
    pattern: /^\/token\/verify\/$/,
    authenticated: false,
    views: { POST: verifyTokenView },
  },
  {
    name: 'Token Blacklist',
    description: 'Takes a token and blacklists it. Must be used with the\n`rest_framework_simplejwt.token_blacklist` app installed.',
    actions: { POST: { refresh: stringField('Refresh') } },
    pattern: /^\/token\/blacklist\/$/,
    authenticated: false,
    views: { POST: blacklistTokenView },
  },
]

/** simplejwt's sliding views (no blacklist view: it can't take a sliding token). */
const SLIDING_TOKEN_ROUTES: readonly Route[] = [
  { name: 'Token Obtain Sliding', pattern: /^\/token\/$/, authenticated: false, views: { POST: obtainSlidingView } },
  { name: 'Token Refresh Sliding', pattern: /^\/token\/refresh\/$/, authenticated: false, views: { POST: refreshSlidingView } },
  { name: 'Token Verify', pattern: /^\/token\/verify\/$/, authenticated: false, views: { POST: verifyTokenView } },
]

/** djangorestframework-jwt's views at their documented paths (no logout view), with their docstrings and fields. */
const DRF_JWT_TOKEN_ROUTES: readonly Route[] = [
  {
    name: 'Obtain Json Web Token',
    description: "API View that receives a POST with a user's username and password.\n\nReturns a JSON Web Token that can be used for authenticated requests.",
    actions: { POST: { username: stringField('Username'), password: stringField('Password') } },
    pattern: /^\/api-token-auth\/$/,
    authenticated: false,
    views: { POST: obtainDrfJwtView },
  },
  {
    name: 'Refresh Json Web Token',
    description:
      "API View that returns a refreshed token (with new expiration) based on\nexisting token\n\nIf 'orig_iat' field (original issued-at-time) is found, will first check\nif it's within expiration window, then copy it to the new token",
    actions: { POST: { token: stringField('Token') } },
    pattern: /^\/api-token-refresh\/$/,
    authenticated: false,
    views: { POST: refreshDrfJwtView },
  },
  {
    name: 'Verify Json Web Token',
    description: 'API View that checks the veracity of a token, returning the token if it\nis valid.',
    actions: { POST: { token: stringField('Token') } },
    pattern: /^\/api-token-verify\/$/,
    authenticated: false,
    views: { POST: verifyDrfJwtView },
  },
]

/** accounts.views.MeView: GET only. */
const ME_ROUTE: Route = {
  name: 'Me',
  description: 'GET /api/me/: who the access token belongs to (tokens carry no username).',
  pattern: /^\/me\/$/,
  authenticated: true,
  views: { GET: meView },
}

/** SessionViewSet's docstring, dedented as DRF shows it. */
const SESSION_VIEWSET_DOC =
  "GET /api/me/sessions/: the devices the user is signed in on, newest first.\nDELETE /api/me/sessions/{id}/: signs one out at once; another user's or an unknown id is 404, as for orders."

/** server/accounts/urls.py: the user, the revocation views and the sessions (server/backend/urls.py and urls_sliding.py include it). */
const ACCOUNT_ROUTES: readonly Route[] = [
  ME_ROUTE,
  // The project's own views (server/accounts/session_views.py): their docstrings and PasswordChangeSerializer's fields.
  {
    name: 'Password Change',
    description: 'POST /api/me/password/: changes the password; every other token of the user stops working at once.',
    actions: { POST: { old_password: stringField('Old password'), new_password: stringField('New password') } },
    pattern: /^\/me\/password\/$/,
    authenticated: true,
    views: { POST: passwordChangeView },
  },
  {
    name: 'Logout All',
    description: 'POST /api/me/logout-all/: ends every session of the user, this one included.',
    pattern: /^\/me\/logout-all\/$/,
    authenticated: true,
    views: { POST: logoutAllView },
  },
  // SessionViewSet through a SimpleRouter: list on /me/sessions/, destroy on /me/sessions/{pk}/ (no other actions).
  { name: 'Session List', description: SESSION_VIEWSET_DOC, pattern: /^\/me\/sessions\/$/, authenticated: true, views: { GET: listSessionsView } },
  {
    name: 'Session Instance',
    description: SESSION_VIEWSET_DOC,
    pattern: /^\/me\/sessions\/(?<pk>[^/.]+)\/$/,
    authenticated: true,
    views: { DELETE: deleteSessionView },
  },
]

/** server/orders/urls.py: every dialect's. */
const ORDER_ROUTES: readonly Route[] = [
  { name: 'Order List', pattern: /^\/orders\/$/, authenticated: true, views: { GET: listOrdersView, POST: createOrderView } },
  {
    name: 'Order Instance',
    pattern: /^\/orders\/(?<pk>[^/.]+)\/$/,
    authenticated: true,
    views: { GET: retrieveOrderView, PUT: putOrderView, PATCH: patchOrderView, DELETE: deleteOrderView },
  },
]

/**
 * Each dialect's URL conf: server/backend/urls.py (pairs), urls_sliding.py, urls_drf_jwt.py (the user, but none of
 * the revocation views: they answer with a token pair).
 */
const URL_CONFS: Readonly<Record<AuthDialectName, readonly Route[]>> = {
  simplejwt: [...PAIR_TOKEN_ROUTES, ...ACCOUNT_ROUTES, ...ORDER_ROUTES],
  'simplejwt-sliding': [...SLIDING_TOKEN_ROUTES, ...ACCOUNT_ROUTES, ...ORDER_ROUTES],
  'drf-jwt': [...DRF_JWT_TOKEN_ROUTES, ME_ROUTE, ...ORDER_ROUTES],
}

export function resolveRoute(path: string, dialect: AuthDialectName): { route: Route; params: Record<string, string> } | undefined {
  for (const route of URL_CONFS[dialect]) {
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
