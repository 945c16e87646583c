/** Shared by the contract tests: log in through the API layer, and raw requests for what it can't express. */
import type { AxiosRequestConfig } from 'axios'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { obtainToken } from '@/api/auth'
import type { TokenPair } from '@/api/types'
import { http } from '@/http/client'

export const DEMO = { username: 'demo', password: 'demo123' }
export const ADMIN = { username: 'admin', password: 'admin123' }

export const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' }
export const BAD_HEADER = { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' }
export const WWW_AUTHENTICATE = 'JWT realm="api"'

/** The protected endpoints' 401 for a token they refuse. */
export function invalidAccessBody(message: string) {
  return {
    detail: 'Given token not valid for any token type',
    code: 'token_not_valid',
    messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
  }
}

export function tokenNotValid(detail: string) {
  return { detail, code: 'token_not_valid' }
}

export function withToken(access: string, scheme = 'JWT'): AxiosRequestConfig {
  return { headers: { Authorization: `${scheme} ${access}` } }
}

export async function login(credentials = DEMO): Promise<TokenPair & { auth: AxiosRequestConfig }> {
  const pair = await obtainToken(credentials)
  return { ...pair, auth: withToken(pair.access) }
}

export interface RawResponse {
  status: number
  data: unknown
  headers: Record<string, string>
}

/**
 * A request through the app's `http` axios instance that resolves whatever the status,
 * to see exact bodies and headers (the API layer turns them into ApiError).
 */
export async function raw(method: string, path: string, options: { headers?: Record<string, string>; data?: unknown } = {}): Promise<RawResponse> {
  const response = await http.request({
    method,
    url: path,
    data: options.data,
    headers: options.headers,
    skipAuth: true,
    validateStatus: () => true,
  })
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(response.headers)) if (typeof value === 'string') headers[key.toLowerCase()] = value
  return { status: response.status, data: response.data, headers }
}

/** The page's origin: next/previous links and plain fetch() calls are built on it. */
export function origin(): string {
  return globalThis.location.origin
}

/** fetch() for bodies axios would re-encode (malformed JSON) and for redirects it would follow. */
export function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${origin()}/api${path}`, { redirect: 'manual', ...init })
}

export function claimsOf(token: string): Record<string, unknown> {
  return decodeJwt(token) as Record<string, unknown>
}

export function headerOf(token: string): Record<string, unknown> {
  return decodeProtectedHeader(token) as Record<string, unknown>
}

/** The JSON text of a JWT part, to check key order and exact bytes. */
export function jsonPart(token: string, index: 0 | 1): string {
  const part = token.split('.')[index] ?? ''
  return Buffer.from(part, 'base64url').toString('utf8')
}
