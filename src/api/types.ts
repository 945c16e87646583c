/** The backend's shapes, as in ../shared/api-contract.md. */

export interface TokenPair {
  access: string
  refresh: string
}

/** With rotation on, a refresh also returns a new refresh token. */
export interface RefreshedTokens {
  access: string
  refresh?: string
}

export interface Credentials {
  username: string
  password: string
}

/** POST /api/me/password/: the current password and the new one. */
export interface PasswordChange {
  old_password: string
  new_password: string
}

/** GET /api/me/sessions/: one login of the user, i.e. a device they are signed in on. */
export interface DeviceSession {
  /** Opaque; every token of the session carries it (claim `sid`). */
  id: string
  /** "Chrome on Linux", in the request's language. */
  device: string
  created_at: string
  /** Its last refresh. */
  last_used_at: string
  /** The absolute end, fixed at login: no refresh goes past it. */
  expires_at: string
  /** The session of the token that asked: this device. */
  current: boolean
}

export interface User {
  id: number
  username: string
}

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled'
export const ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'shipped', 'cancelled']

export interface Order {
  id: number
  number: string
  owner: number
  item: string
  quantity: number
  /** A decimal serialized as a string, e.g. "19.99". */
  price: string
  status: OrderStatus
  note: string
  created_at: string
  updated_at: string
}

/** What the client may send: the writable fields. Price may be a number or a string. */
export interface OrderInput {
  item: string
  quantity: number
  price: string | number
  status?: OrderStatus
  note?: string
}

export interface Page<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}

export interface PageQuery {
  page?: number | 'last'
  page_size?: number
}
