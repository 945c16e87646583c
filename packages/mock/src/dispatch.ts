/** Django + DRF request handling: URL resolution, APPEND_SLASH, authentication, 405, OPTIONS, the view. */
import type { MockSettings } from './config.js'
import type { MockState } from './db.js'
import type { TokenPayload } from './jwt.js'
import { SLIDING_TOKEN_CLASS, authenticate } from './handlers/authentication.js'
import { authenticateDrfJwt } from './handlers/drfJwtViews.js'
import type { Route, ViewMethod } from './handlers/context.js'
import { RENDERER_MEDIA_TYPES, resolveRoute } from './handlers/routes.js'
import { DRF_MESSAGES, HTML_NOT_FOUND, detailResponse, jsonResponse, type MockResponse } from './responses.js'
import type { ServerStack } from './stack.js'

export interface DispatchInput {
  request: Request
  url: URL
  /** The path below the API base, e.g. "/orders/3/". */
  apiPath: string
  state: MockState
  settings: MockSettings
  /** The real server the dialect runs on (stack.ts). */
  stack: ServerStack
  nowMs: number
  /** The request's User-Agent, "" without one. */
  userAgent: string
  /** The request's cookies as MSW gives them (its Cookie header, then MSW's cookie store, then document.cookie). */
  cookies: Readonly<Record<string, string>>
}

export interface DispatchResult {
  response: MockResponse
  /** The matched view, for the Allow header; undefined when Django's URL conf answered. */
  route?: Route
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** SimpleMetadata for OPTIONS ("actions" only where the route knows its serializer's fields). */
function metadata(route: Route): MockResponse {
  return jsonResponse(200, {
    name: route.name,
    description: route.description ?? '',
    renders: RENDERER_MEDIA_TYPES,
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    ...(route.actions ? { actions: route.actions } : {}),
  })
}

export async function dispatch(input: DispatchInput): Promise<DispatchResult> {
  const path = decodePath(input.apiPath)
  const dialect = input.settings.dialect
  const resolved = resolveRoute(path, dialect)
  if (!resolved) {
    // CommonMiddleware (APPEND_SLASH): redirect when the slashed path exists, whatever the method.
    if (!path.endsWith('/') && resolveRoute(`${path}/`, dialect)) {
      return { response: { kind: 'redirect', location: `${input.url.pathname}/${input.url.search}` } }
    }
    return { response: HTML_NOT_FOUND }
  }
  const { route, params } = resolved
  const method = input.request.method.toUpperCase()
  let userId = 0
  let token: TokenPayload | undefined
  // APIView.initial() authenticates before the method is looked at.
  if (route.authenticated) {
    const auth =
      dialect === 'drf-jwt'
        ? await authenticateDrfJwt(input)
        : await authenticate(input, dialect === 'simplejwt-sliding' ? SLIDING_TOKEN_CLASS : undefined)
    if (!auth.ok) return { response: auth.response, route }
    userId = auth.userId
    token = auth.token
  }
  if (method === 'OPTIONS') return { response: metadata(route), route }
  const view = route.views[(method === 'HEAD' ? 'GET' : method) as ViewMethod]
  if (!view) return { response: detailResponse(405, DRF_MESSAGES.methodNotAllowed(method)), route }
  const response = await view({ ...input, params, userId, ...(token ? { token } : {}) })
  return { response, route }
}
