/**
 * The token endpoints' bodies as the dialects read them: the server's OpenAPI schema's shapes (the app's
 * typecheck holds these equal to the types generated from server/schema/*.yaml: tests/unit/contract/wire-types.test.ts).
 */

/** The username and password a login posts (every dialect). */
export interface Credentials {
  username: string
  password: string
}

/** simplejwt's pair login answer: POST /api/token/. */
export interface PairObtainAnswer {
  readonly access: string
  readonly refresh: string
}

/** simplejwt's refresh answer: a new access token, and a new refresh token when rotation is on. */
export interface PairRefreshAnswer {
  readonly access: string
  refresh: string
}

/** The answer of every single-token endpoint: sliding's obtain and refresh, drf-jwt's obtain, refresh and verify. */
export interface SingleTokenAnswer {
  readonly token: string
}

/** An answer as it arrives: the schema's keys, their values not checked yet (the dialects check them). */
export type Unchecked<Body> = { [Key in keyof Body]?: unknown } | null | undefined
