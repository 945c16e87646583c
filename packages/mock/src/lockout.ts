/**
 * The server's lockout (SPEC-23, "Lockout"), for the mock: two counters, each a key, kept in the mock's database.
 *   pair    = (client address, username.lower()): `loginFailureLimit` failures in a row lock it;
 *   address = (client address): `addressFailureLimit` failures, any usernames, lock it (credential stuffing).
 * A locked key answers 429 at once, the right password too (no oracle), and nothing is counted; the attempt that
 * reaches a limit still gets its ordinary refusal. Each repeated lockout of a key doubles its cool-off, up to
 * `loginCooloffMaxSeconds`; a key with no failure and no lockout running for `loginForgetSeconds` starts afresh.
 * A success resets the pair key only (an attacker's own account must not launder the address's count).
 * The views call guardAttempt() after field validation, then recordFailure() or recordSuccess().
 * Times are the mock's clock (ViewContext.nowMs), so tests drive them by hand.
 */
import ipaddr from 'ipaddr.js'
import type { MockSettings } from './config.js'
import type { MockState } from './db.js'
import { jsonResponse, type MockResponse } from './responses.js'
import { gettextLazy } from './translation.js'

/** The 429's detail (server/locale/zh_Hans: 失败次数过多，请稍后再试。). */
export const TOO_MANY_ATTEMPTS = gettextLazy('Too many failed attempts. Try again later.')

/** One key's counts (accounts' lockout row). Times in epoch ms of the mock's clock. */
/** The login lockout's count for one key (a pair of address and username, or an address). */
export interface LockoutEntry {
  failures: number
  lockouts: number
  /** The last failure counted, 0 before the first. */
  lastFailureMs: number
  /** The running (or last) lockout's end, 0 when never locked. */
  lockedUntilMs: number
}

/** What a lockout check needs from a view's context. */
export interface LockoutContext {
  request: Request
  state: MockState
  settings: MockSettings
  nowMs: number
}

type LockoutSettings = Pick<MockSettings, 'loginFailureLimit' | 'addressFailureLimit' | 'loginCooloffSeconds' | 'loginCooloffMaxSeconds' | 'loginForgetSeconds'>

/** Python's ipaddress.ip_address(value.strip()): strict dotted-quad IPv4 (no leading zeros) or IPv6. */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // Python's str.strip() without arguments: whitespace.
  const value = text.trim()
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value)
  if (ipaddr.IPv6.isValid(value)) return ipaddr.IPv6.parse(value)
  return undefined
}

/** Whether an address is one of the trusted proxies (IPs or CIDRs, as TRUSTED_PROXIES). */
function isTrustedProxy(address: string, trustedProxies: readonly string[]): boolean {
  const parsed = parseAddress(address)
  if (!parsed) return false
  return trustedProxies.some((entry) => {
    const trimmed = entry.trim()
    let network: [ipaddr.IPv4 | ipaddr.IPv6, number]
    try {
      network = trimmed.includes('/') ? ipaddr.parseCIDR(trimmed) : [ipaddr.parse(trimmed), parsed.kind() === 'ipv4' ? 32 : 128]
    } catch {
      return false
    }
    return network[0].kind() === parsed.kind() && parsed.match(network)
  })
}

/**
 * The client's address: REMOTE_ADDR (the mock's settings.remoteAddress), unless that is a trusted proxy, then the
 * X-Real-IP it set when that parses as an IP address. X-Forwarded-For is never read.
 */
export function clientAddress(request: Request, settings: Pick<MockSettings, 'remoteAddress' | 'trustedProxies'>): string {
  const remote = settings.remoteAddress
  if (!isTrustedProxy(remote, settings.trustedProxies)) return remote
  const header = request.headers.get('x-real-ip')
  const parsed = header === null ? undefined : parseAddress(header)
  return parsed ? parsed.toString() : remote
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** The two keys of an attempt, hashed (any input size fits). */
export async function lockoutKeys(address: string, username: string): Promise<{ pair: string; address: string }> {
  return { pair: await sha256Hex(`pair\u0000${address}\u0000${username.toLowerCase()}`), address: await sha256Hex(`address\u0000${address}`) }
}

function entryOf(state: MockState, key: string): LockoutEntry {
  state.lockouts[key] ??= { failures: 0, lockouts: 0, lastFailureMs: 0, lockedUntilMs: 0 }
  return state.lockouts[key]
}

/** A key whose last failure and lockout end are both older than loginForgetSeconds starts afresh. */
function forgetIfStale(entry: LockoutEntry, settings: LockoutSettings, nowMs: number): void {
  const forgetMs = settings.loginForgetSeconds * 1000
  if (nowMs - entry.lastFailureMs > forgetMs && nowMs - entry.lockedUntilMs > forgetMs) {
    entry.failures = 0
    entry.lockouts = 0
  }
}

/** One failure on a key; at its limit (0: no limit) the key is locked for the doubled cool-off and its failures restart. */
function countFailure(entry: LockoutEntry, limit: number, settings: LockoutSettings, nowMs: number): void {
  forgetIfStale(entry, settings, nowMs)
  entry.failures += 1
  entry.lastFailureMs = nowMs
  if (limit > 0 && entry.failures >= limit) {
    entry.lockouts += 1
    const cooloff = Math.min(settings.loginCooloffSeconds * 2 ** (entry.lockouts - 1), settings.loginCooloffMaxSeconds)
    entry.lockedUntilMs = nowMs + cooloff * 1000
    entry.failures = 0
  }
}

/** The 429: Retry-After and the body {"detail", "code", "retry_after"}, in that order. */
export function tooManyAttempts(retryAfter: number): MockResponse {
  return jsonResponse(429, { detail: TOO_MANY_ATTEMPTS, code: 'too_many_attempts', retry_after: retryAfter }, { 'Retry-After': String(retryAfter) })
}

/** One attempt at a password for `username` from the request's client address. */
export interface Attempt {
  /** The 429 when the pair or the address is locked: answer it, authenticate no one, count nothing. */
  readonly locked: MockResponse | undefined
  /** The password was wrong: one failure on both keys. */
  failed(): void
  /** The password was right: the pair key starts afresh (the address key is left alone). */
  succeeded(): void
}

/** Looks the attempt's keys up (call it once the body passed field validation). */
export async function startAttempt(context: LockoutContext, username: string): Promise<Attempt> {
  const { state, settings, nowMs } = context
  const keys = await lockoutKeys(clientAddress(context.request, settings), username)
  const lockedUntil = Math.max(state.lockouts[keys.pair]?.lockedUntilMs ?? 0, state.lockouts[keys.address]?.lockedUntilMs ?? 0)
  const locked = lockedUntil > nowMs ? tooManyAttempts(Math.max(1, Math.ceil((lockedUntil - nowMs) / 1000))) : undefined
  return {
    locked,
    failed() {
      countFailure(entryOf(state, keys.pair), settings.loginFailureLimit, settings, nowMs)
      countFailure(entryOf(state, keys.address), settings.addressFailureLimit, settings, nowMs)
    },
    succeeded() {
      delete state.lockouts[keys.pair]
    },
  }
}
