/**
 * The server's shapes as the mock answers them: the mock is the server, so they are its own (the app's
 * tests/unit/contract/mock-types.test.ts checks they equal the types generated from the server's OpenAPI schema).
 */

/** The kinds of Django JWT server the mock can be (simplejwt pairs, simplejwt sliding tokens, djangorestframework-jwt). */
export const AUTH_DIALECTS = ['simplejwt', 'simplejwt-sliding', 'drf-jwt'] as const
/** One of {@link AUTH_DIALECTS}. */
export type AuthDialectName = (typeof AUTH_DIALECTS)[number]

/** Order.status's choices, in the model's order. */
export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const
/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** GET /me/. */
export interface User {
  readonly id: number
  readonly username: string
}

/** OrderSerializer's output. */
export interface Order {
  readonly id: number
  readonly number: string
  readonly owner: number
  item: string
  quantity: number
  /** A decimal string, e.g. "19.99". */
  price: string
  status: OrderStatus
  note: string
  /** ISO 8601 with microseconds when non-zero, "Z". */
  readonly created_at: string
  readonly updated_at: string
}

/** PageNumberPagination's page: absolute next/previous links. */
export interface Page<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}
