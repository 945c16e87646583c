/**
 * The browser's cookie jar for the refresh cookie of cookie mode, shared by every tab of the origin.
 *
 * A service worker can't set a real cookie, so MSW keeps mocked Set-Cookie headers in a jar of its own. That jar is
 * read from localStorage once, when a tab loads: after another tab's refresh rotated the token, this tab would send
 * its older copy, which the server calls a reuse. This jar is read from localStorage on every request instead, as a
 * browser's one jar is shared by its tabs. It is still within JavaScript's reach: only a real server's cookie isn't.
 */
import { REFRESH_COOKIE_NAME } from './refreshCookie.js'

/** Where the jar lives in localStorage. */
export const COOKIE_JAR_STORAGE_KEY = 'mock-backend.cookies.v1'

interface JarEntry {
  value: string
  /** Epoch ms after which the cookie is gone; null: a browser-session cookie. */
  expiresAt: number | null
}

/** What the backend asks of a jar: the cookies a request carries, and what its answer set. */
export interface RequestCookieJar {
  /** The jar's cookies for a request at `nowMs`, replacing whatever MSW found of the same names. */
  cookies(nowMs: number): Record<string, string>
  /** The names this jar answers for (MSW's copies of them are never used). */
  readonly names: readonly string[]
  /** Keeps the Set-Cookie headers of an answer. */
  store(setCookies: readonly string[], nowMs: number): void
}

/** One Set-Cookie header: its name, value and when it ends (RFC 6265 5.2: Max-Age wins over Expires). */
function parseSetCookie(header: string, nowMs: number): { name: string; entry: JarEntry } | null {
  const [pair = '', ...attributes] = header.split(';')
  const equals = pair.indexOf('=')
  if (equals <= 0) return null
  const name = pair.slice(0, equals).trim()
  const value = pair.slice(equals + 1).trim()
  let maxAge: number | undefined
  let expires: number | undefined
  for (const attribute of attributes) {
    const [key = '', ...rest] = attribute.split('=')
    const argument = rest.join('=').trim()
    if (key.trim().toLowerCase() === 'max-age' && /^-?\d+$/.test(argument)) maxAge = Number(argument)
    if (key.trim().toLowerCase() === 'expires' && !Number.isNaN(Date.parse(argument))) expires = Date.parse(argument)
  }
  const expiresAt = maxAge !== undefined ? nowMs + maxAge * 1000 : (expires ?? null)
  return { name, entry: { value, expiresAt } }
}

/** The jar in `storage` under `key`, for the cookies named `names` (the refresh cookie by default). */
export function createLocalStorageCookieJar(
  storage: Storage = localStorage,
  key: string = COOKIE_JAR_STORAGE_KEY,
  names: readonly string[] = [REFRESH_COOKIE_NAME],
): RequestCookieJar {
  function load(): Record<string, JarEntry> {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? '{}')
      return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, JarEntry>) : {}
    } catch {
      return {}
    }
  }
  return {
    names,
    cookies(nowMs) {
      const result: Record<string, string> = {}
      for (const [name, entry] of Object.entries(load())) {
        if (typeof entry?.value === 'string' && (entry.expiresAt === null || entry.expiresAt > nowMs)) result[name] = entry.value
      }
      return result
    },
    store(setCookies, nowMs) {
      const jar = load()
      let changed = false
      for (const header of setCookies) {
        const parsed = parseSetCookie(header, nowMs)
        if (!parsed || !names.includes(parsed.name)) continue
        changed = true
        if (parsed.entry.expiresAt !== null && parsed.entry.expiresAt <= nowMs) delete jar[parsed.name]
        else jar[parsed.name] = parsed.entry
      }
      if (changed) storage.setItem(key, JSON.stringify(jar))
    },
  }
}
