/**
 * The token endpoints' bodies as the dialects read them: the server's OpenAPI schema's shapes (the app's
 * typecheck holds these equal to the types generated from server/schema/*.yaml: tests/unit/contract/wire-types.test.ts).
 */

/** The username and password a login posts (every dialect). */
export interface Credentials {
  /** The username (Django's USERNAME_FIELD). */
  username: string
  /** The password. */
  password: string
}

/** simplejwt's pair login answer: POST /api/token/. */
export interface PairObtainAnswer {
  /** The access token. */
  readonly access: string
  /** The refresh token. */
  readonly refresh: string
}

/** simplejwt's refresh answer: a new access token, and a new refresh token when rotation is on. */
export interface PairRefreshAnswer {
  /** The new access token. */
  readonly access: string
  /** The new refresh token (rotation on); the one sent, otherwise. */
  refresh: string
}

/** Cookie mode's answer of login, refresh and the password change: the access token only (the refresh token is in the cookie). */
export interface CookieModeAnswer {
  /** The access token; its `refresh_exp` claim is when the cookie's refresh token ends. */
  readonly access: string
}

/** The answer of every single-token endpoint: sliding's obtain and refresh, drf-jwt's obtain, refresh and verify. */
export interface SingleTokenAnswer {
  /** The token. */
  readonly token: string
}

/** An answer as it arrives: the schema's keys, their values not checked yet (the dialects check them). */
export type Unchecked<Body> = { [Key in keyof Body]?: unknown } | null | undefined
