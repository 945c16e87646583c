/** What a mock view gets to work with, and the route table's shape. */
import type { MockSettings } from '../config.js'
import type { MockState } from '../db.js'
import type { TokenPayload } from '../jwt.js'
import type { MockResponse } from '../responses.js'
import type { ServerStack } from '../stack.js'

export interface ViewContext {
  request: Request
  url: URL
  /** Named groups of the route's pattern, URL-decoded. */
  params: Record<string, string>
  /** The database, read inside the request's lock; changes are saved after the view. */
  state: MockState
  settings: MockSettings
  /** The real server the dialect runs on: what its Django and DRF answer differently (stack.ts). */
  stack: ServerStack
  nowMs: number
  /** The request's User-Agent (request.META.get("HTTP_USER_AGENT", "")). */
  userAgent: string
  /** request.COOKIES, as MSW gives them: the Cookie header's, then MSW's cookie store's (the browser's refresh cookie). */
  cookies: Readonly<Record<string, string>>
  /** The authenticated user (0 on token endpoints, which authenticate no one). */
  userId: number
  /** request.auth: the validated token's claims (simplejwt's dialects), undefined on token endpoints. */
  token?: TokenPayload
}

export type View = (context: ViewContext) => MockResponse | Promise<MockResponse>

export type ViewMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** SimpleMetadata's description of one serializer field (OPTIONS "actions"). */
export interface FieldMetadata {
  type: string
  required: boolean
  read_only: boolean
  label: string
}

export interface Route {
  /** DRF's view name, shown by OPTIONS. */
  name: string
  /** The view's docstring as DRF shows it (dedented, not rendered), '' when unknown. */
  description?: string
  /** OPTIONS "actions": the POST serializer's fields, for views whose serializer is known. */
  actions?: { POST: Record<string, FieldMetadata> }
  /** Matched against the path after the API base, e.g. "/orders/12/". */
  pattern: RegExp
  /** JWTAuthentication + IsAuthenticated; token views have neither. */
  authenticated: boolean
  views: Partial<Record<ViewMethod, View>>
}
