/**
 * The port between the session core and a server's token endpoints. Each server kind (simplejwt pairs,
 * sliding tokens, djangorestframework-jwt, a hand-written view) is one module implementing `Dialect`;
 * the core never knows paths, body fields or claims, only what a dialect tells it.
 */
import { ApiError } from './errors.js'
import type { Credentials, SingleTokenAnswer, Unchecked } from './wire.js'

/** What a session stores: the token sent with requests, and the one that renews it (null: the same token, or none). */
export interface TokenSet {
  /** The token sent with requests (`Authorization: <prefix> <access>`). */
  access: string
  /** The token that renews the session; null in single-token dialects (sliding, drf-jwt), whose one token renews itself. */
  refresh: string | null
}

/** What the core needs to know about a stored session, in server epoch milliseconds. */
export interface SessionTimes {
  /** When the token sent with requests expires. */
  accessExpiresAt: number
  /** The hard end: after it nothing renews the session (refresh token exp, `refresh_exp`, `orig_iat` + window, or `exp`). */
  endsAt: number
}

/** POST to a token endpoint (no Authorization, no toast): the parsed body, or a rejection with ApiError. */
export type TokenPost = (
  path: string,
  body: Record<string, string | boolean>,
  options?: { timeout?: number; form?: boolean; headers?: Record<string, string> },
) => Promise<unknown>

/** A server kind: how to log in, renew, end a session and read its tokens. The core knows nothing else of the server. */
export interface Dialect {
  /** A name for logs and tests, e.g. `simplejwt`. */
  readonly name: string
  /** The Authorization scheme for `access` (drf-jwt: `JWT` only). */
  readonly headerPrefix: string
  /**
   * Whether a refresh may spend the credential (simplejwt rotation): then a refused refresh may only mean that
   * another tab spent it first, and the core waits for that tab's tokens before ending the session.
   */
  readonly refreshSpendsCredential: boolean
  /**
   * Whether only an unexpired token can be renewed (sliding, drf-jwt). Then the core refreshes early enough that
   * its clock's uncertainty and the request's travel can't make it arrive after `exp`.
   */
  readonly refreshNeedsUnexpiredToken: boolean
  /**
   * Whether the refresh token travels only in an httpOnly cookie the browser sends (simplejwt pairs in cookie mode):
   * then `refresh` is always null, the browser session keeps the access token in memory only (other tabs get it over
   * BroadcastChannel) and {@link Dialect.restore} brings a session back after a reload. Absent: false.
   */
  readonly refreshTokenInCookie?: boolean
  /**
   * Logs in; rejects with InvalidCredentialsError for a wrong username/password, ApiError otherwise. `remember`
   * (cookie mode) asks for a persistent cookie; other dialects ignore it (the client chooses the storage).
   */
  obtain(credentials: Credentials, options?: { remember?: boolean }): Promise<TokenSet>
  /** Renews the session (absent: the session simply ends at `endsAt`). Rejects with ApiError. */
  refresh?(tokens: TokenSet): Promise<TokenSet>
  /**
   * Cookie mode: a session from the cookie alone (a reload, a new tab with no other tab to ask). Resolves the new
   * tokens, or null when the server has no session for this browser (no cookie, or a refused one); rejects with
   * ApiError when it can't tell (network).
   */
  restore?(): Promise<TokenSet | null>
  /** Revokes the session on the server, where the server can (absent: logout only forgets the tokens). */
  end?(tokens: TokenSet, options: { timeout: number }): Promise<void>
  /** Reads stored tokens back: this dialect's tokens, or null for anything else (another dialect's, corrupt). */
  accept(value: { access: unknown; refresh: unknown }): TokenSet | null
  /** The session's times read from its tokens; null when they can't be read. */
  describe(tokens: TokenSet): SessionTimes | null
}

/** The server refused the username/password (each dialect knows by status and field names, never by text). */
export class InvalidCredentialsError extends Error {
  constructor() {
    super('invalid credentials')
    this.name = 'InvalidCredentialsError'
  }
}

/** The status of a server's readable refusal (ApiError 'http'), or null for anything else. */
export function refusalStatus(error: unknown): number | null {
  return error instanceof ApiError && error.kind === 'http' ? error.status : null
}

/** A 200 whose body isn't what the endpoint promises. */
export function unreadableAnswer(): ApiError {
  return new ApiError('bad-response', 200, undefined, undefined, {})
}

/** The token of `{"token": "<jwt>"\}`, the answer of every single-token endpoint; throws ApiError `bad-response` on anything else. */
export function tokenOf(data: unknown): string {
  // The answer of sliding's and drf-jwt's obtain and refresh (and drf-jwt's verify): {"token"} in their schemas.
  const token = typeof data === 'object' && data !== null ? (data as Unchecked<SingleTokenAnswer>)?.token : undefined
  if (typeof token !== 'string') throw unreadableAnswer()
  return token
}

/**
 * POSTs the username and password to a login endpoint and returns its answer; a refusal the dialect recognises
 * as wrong credentials (`isWrongCredentials`, by status and field names) becomes InvalidCredentialsError. `extra`
 * fields go with them (cookie mode's `remember`).
 */
export async function postCredentials(
  post: TokenPost,
  path: string,
  credentials: Credentials,
  isWrongCredentials: (error: unknown) => boolean,
  extra: Record<string, string | boolean> = {},
): Promise<unknown> {
  try {
    return await post(path, { ...credentials, ...extra })
  } catch (error) {
    if (isWrongCredentials(error)) throw new InvalidCredentialsError()
    throw error
  }
}

/** A single-token dialect's renewal: POST `{token}` before its `exp`, answered by `{"token": "<new>"}`. */
export async function renewSingleToken(post: TokenPost, path: string, token: string): Promise<TokenSet> {
  return { access: tokenOf(await post(path, { token })), refresh: null }
}

/** A dialect's documented paths with the configured ones (unset or empty: the default) on top. */
export function pathsWith<P extends Record<string, string>>(defaults: P, overrides: Partial<Record<string, string>> = {}): P {
  const paths: Record<string, string> = { ...defaults }
  for (const name of Object.keys(defaults)) if (overrides[name]) paths[name] = overrides[name] as string
  return paths as P
}
