/**
 * The mock's own shapes (packages/mock/src/types.ts: the mock is the server, so it declares them itself) equal the
 * types generated from the server's OpenAPI schema (src/api/types.ts), and its dialect names the app's. Checked by
 * the typechecker (vitest's expectTypeOf runs under `npm run typecheck`) and at run time for the lists.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import { AUTH_DIALECTS as MOCK_DIALECTS, type AuthDialectName as MockDialectName, type OrderStatus as MockOrderStatus } from '@django-jwt/mock'
import { ORDER_STATUSES, type Order, type OrderStatus, type Page, type User } from '@/api/types'
import { AUTH_DIALECTS, type AuthDialectName } from '@/config'
import { ORDER_STATUSES as MOCK_ORDER_STATUSES, type Order as MockOrder, type Page as MockPage, type User as MockUser } from '../../../packages/mock/src/types'

describe("the mock's shapes are the schema's", () => {
  it('Order, its statuses, User (GET /me/) and a page', () => {
    expectTypeOf<MockOrder>().toEqualTypeOf<Order>()
    expectTypeOf<MockOrderStatus>().toEqualTypeOf<OrderStatus>()
    expectTypeOf<MockUser>().toEqualTypeOf<User>()
    // The app's Page is an Omit<…> & {…}: flattened to its keys, it is one object type.
    expectTypeOf<MockPage<MockOrder>>().toEqualTypeOf<{ [Key in keyof Page<Order>]: Page<Order>[Key] }>()
    expect(MOCK_ORDER_STATUSES).toEqual(ORDER_STATUSES)
  })

  it("the dialects are the app's", () => {
    expectTypeOf<MockDialectName>().toEqualTypeOf<AuthDialectName>()
    expect(MOCK_DIALECTS).toEqual(AUTH_DIALECTS)
  })
})
