/**
 * Cookie mode (settings.refreshTransport 'cookie', simplejwt pairs only): the refresh token lives in an httpOnly
 * cookie, never in a body (the wire contract of issue 26, shared with the server's simplejwt_sessions). Its
 * Set-Cookie strings are Django's: HttpResponse.set_cookie / delete_cookie through http.cookies' Morsel, which
 * writes the attributes in alphabetical order of their keys (expires, httponly, max-age, path, samesite, secure)
 * and skips an empty one. The token views' CSRF check (a custom header, then Fetch Metadata or Origin) is here too.
 */
import type { MockSettings } from './config.js'
import { jsonResponse, type MockResponse } from './responses.js'
import { gettextLazy } from './translation.js'

/** REFRESH_COOKIE_NAME: a `__Host-` cookie (Secure, Path=/, no Domain: browsers enforce it). */
export const REFRESH_COOKIE_NAME = '__Host-refresh'
/** CSRF_HEADER: the custom request header every cookie-mode token request carries (a cross-site page can't, unasked). */
export const CSRF_HEADER = 'X-Requested-With'
/** The value the client sends in CSRF_HEADER (any non-empty value passes). */
export const CSRF_HEADER_VALUE = 'XMLHttpRequest'

/** The CSRF refusal's detail (server/locale zh_Hans: 已拒绝跨站请求。). */
export const CSRF_REFUSED = gettextLazy('Cross-site request refused.')

/** delete_cookie's expires. */
const EPOCH_HTTP_DATE = 'Thu, 01 Jan 1970 00:00:00 GMT'

/** Whether the settings put the refresh token in the cookie: cookie transport, on the pair dialect only. */
export function isCookieMode(settings: Pick<MockSettings, 'dialect' | 'refreshTransport'>): boolean {
  return settings.dialect === 'simplejwt' && settings.refreshTransport === 'cookie'
}

/** http.cookies' _LegalChars: a value of these only is written as is. */
const LEGAL_VALUE = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]+$/

/** http.cookies._quote: as is, or in double quotes with `"` and `\` escaped and other bytes as \ooo (so "" is `""`). */
function quoteCookieValue(value: string): string {
  if (LEGAL_VALUE.test(value)) return value
  const escaped = Array.from(new TextEncoder().encode(value), (byte) => {
    if (byte === 0x22) return '\\"'
    if (byte === 0x5c) return '\\\\'
    if (byte < 0x20 || byte >= 0x7f || byte === 0x2c || byte === 0x3b) return `\\${byte.toString(8).padStart(3, '0')}`
    return String.fromCharCode(byte)
  })
  return `"${escaped.join('')}"`
}

/** django.utils.http.http_date: RFC 7231's IMF-fixdate of an epoch (seconds, the fraction dropped). */
function httpDate(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toUTCString()
}

/**
 * The refresh cookie for a token: `set_cookie(name, token, max_age=…, path="/", secure=True, httponly=True,
 * samesite="Strict")`. With `exp` (a remembered session) Max-Age is the whole seconds until the token's exp and
 * expires is Django's http_date(now + max_age); without, a browser-session cookie (no Max-Age, no expires).
 */
export function refreshCookie(token: string, exp: number | undefined, nowMs: number): string {
  const attributes: string[] = []
  const nowSeconds = Math.floor(nowMs / 1000)
  const maxAge = exp === undefined ? undefined : Math.floor(exp) - nowSeconds
  if (maxAge !== undefined) attributes.push(`expires=${httpDate(nowMs / 1000 + maxAge)}`)
  attributes.push('HttpOnly')
  if (maxAge !== undefined) attributes.push(`Max-Age=${maxAge}`)
  attributes.push('Path=/', 'SameSite=Strict', 'Secure')
  return [`${REFRESH_COOKIE_NAME}=${quoteCookieValue(token)}`, ...attributes].join('; ')
}

/**
 * The server's clear_refresh_cookie: `delete_cookie(name, path="/", samesite="Strict")` (an empty value, expired at
 * the epoch, Max-Age=0; Secure for a `__Host-` name) with HttpOnly added, which delete_cookie alone never sets.
 */
export function clearingRefreshCookie(): string {
  return `${REFRESH_COOKIE_NAME}=${quoteCookieValue('')}; expires=${EPOCH_HTTP_DATE}; HttpOnly; Max-Age=0; Path=/; SameSite=Strict; Secure`
}

/** The response with a Set-Cookie header added. */
export function withCookie(response: MockResponse, setCookie: string): MockResponse {
  if (response.kind !== 'json' && response.kind !== 'empty') return response
  return { ...response, headers: { ...response.headers, 'Set-Cookie': setCookie } }
}

/**
 * The refresh token the request's cookies hold, or undefined (absent or empty). `cookies` are MSW's: the request's
 * Cookie header first, then MSW's cookie store (what earlier mocked Set-Cookie headers left), then document.cookie.
 */
export function refreshFromCookies(cookies: Readonly<Record<string, string>>): string | undefined {
  const value = cookies[REFRESH_COOKIE_NAME]
  return value ? value : undefined
}

/**
 * The CSRF check of token/, token/refresh/ and token/blacklist/ in cookie mode, before anything else: the custom
 * header must be there (non-empty); then Sec-Fetch-Site, if sent, must be same-origin; else Origin, if sent, must be
 * the request's own origin or a trusted one ("null" never is); neither header is a non-browser client, allowed.
 * The refusal changes nothing: 403 {"detail", "code": "csrf_failed"}.
 */
export function csrfRefusal(request: Request, url: URL, settings: Pick<MockSettings, 'csrfTrustedOrigins'>): MockResponse | undefined {
  const refused = jsonResponse(403, { detail: CSRF_REFUSED, code: 'csrf_failed' })
  if (!request.headers.get(CSRF_HEADER)) return refused
  const site = request.headers.get('sec-fetch-site')
  if (site !== null) return site === 'same-origin' ? undefined : refused
  const origin = request.headers.get('origin')
  if (origin === null) return undefined
  if (origin === 'null') return refused
  return origin === url.origin || settings.csrfTrustedOrigins.includes(origin) ? undefined : refused
}
