/**
 * The session core's wire types (packages/session/src/wire.ts, hand-written so the package stands alone) are the
 * server's: the types openapi-typescript generates from server/schema/*.yaml. `npm run typecheck` fails when they
 * part (the schema changes a token endpoint's body); the assertions are types only.
 */
import { describe, expectTypeOf, it } from 'vitest'
import type { Credentials, PairObtainAnswer, PairRefreshAnswer, SingleTokenAnswer } from '@django-jwt/session'
import type {
  Credentials as SchemaCredentials,
  DrfJwtObtainAnswer,
  DrfJwtRefreshAnswer,
  PairObtainAnswer as SchemaPairObtainAnswer,
  PairRefreshAnswer as SchemaPairRefreshAnswer,
  SlidingObtainAnswer,
  SlidingRefreshAnswer,
} from '@/api/types'

/** Each assignable to the other (a `readonly` the generator adds to an answer's field doesn't matter to a reader). */
type Interchangeable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

describe("the core's wire types are the schema's", () => {
  it('the login body', () => {
    expectTypeOf<Credentials>().toEqualTypeOf<SchemaCredentials>()
  })
  it("simplejwt pairs' answers", () => {
    expectTypeOf<PairObtainAnswer>().toEqualTypeOf<SchemaPairObtainAnswer>()
    expectTypeOf<PairRefreshAnswer>().toEqualTypeOf<SchemaPairRefreshAnswer>()
  })
  it("the single-token answers of sliding and drf-jwt", () => {
    expectTypeOf<SingleTokenAnswer>().toEqualTypeOf<SlidingObtainAnswer>()
    expectTypeOf<Interchangeable<SingleTokenAnswer, SlidingRefreshAnswer>>().toEqualTypeOf<true>()
    expectTypeOf<SingleTokenAnswer>().toEqualTypeOf<DrfJwtObtainAnswer>()
    expectTypeOf<Interchangeable<SingleTokenAnswer, DrfJwtRefreshAnswer>>().toEqualTypeOf<true>()
  })
})
