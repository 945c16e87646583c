/**
 * The server's clock as seen from here. The client's clock may be minutes wrong, and every
 * expiry decision must use the server's time, since `exp` is the server's.
 *
 * Each server timestamp (the `Date` header, a fresh token's `iat`) says: at some instant between
 * sending the request and receiving the answer, the server's clock read [t, t + resolution).
 * That bounds the offset (server − local) to an interval; intersecting the intervals of
 * successive samples converges on the true offset (an NTP-style estimate, no extra request).
 */
export interface ServerClock {
  /** Server time in epoch ms. */
  now(): number
  /** This machine's time in epoch ms: the one time source for request timestamps. */
  localNow(): number
  /** Estimated server − local, in ms. */
  offsetMs(): number
  /** How far the estimate may be off, in ms (half the interval it is known to lie in; 1000 before any sample). */
  uncertaintyMs(): number
  /** Records one server timestamp taken between `sentAt` and `receivedAt` (local ms). */
  observe(serverTimeMs: number, resolutionMs: number, sentAt: number, receivedAt: number): void
}

export interface ServerClockOptions {
  /** The offset learnt before (e.g. in an earlier page load), used until the first sample. */
  initialOffsetMs?: number
  /** Told whenever the estimate moves, e.g. to remember it across reloads. */
  onOffsetChange?: (offsetMs: number) => void
}

/** What `uncertaintyMs` says before any sample: about one Date header's resolution. */
const MAX_UNCERTAINTY_MS = 1000

export function createServerClock(localNow: () => number = Date.now, options: ServerClockOptions = {}): ServerClock {
  let low = -Infinity
  let high = Infinity
  let offset = Number.isFinite(options.initialOffsetMs) ? Math.round(options.initialOffsetMs as number) : 0

  return {
    now: () => localNow() + offset,
    localNow,
    offsetMs: () => offset,
    uncertaintyMs: () => (Number.isFinite(high - low) ? Math.min(MAX_UNCERTAINTY_MS, (high - low) / 2) : MAX_UNCERTAINTY_MS),
    observe(serverTimeMs, resolutionMs, sentAt, receivedAt) {
      if (!Number.isFinite(serverTimeMs) || receivedAt < sentAt) return
      const sampleLow = serverTimeMs - receivedAt
      const sampleHigh = serverTimeMs + resolutionMs - sentAt
      const nextLow = Math.max(low, sampleLow)
      const nextHigh = Math.min(high, sampleHigh)
      // Disjoint: one of the clocks jumped (sleep, manual change): start again from this sample.
      ;[low, high] = nextLow <= nextHigh ? [nextLow, nextHigh] : [sampleLow, sampleHigh]
      const next = Math.round((low + high) / 2)
      if (next !== offset) {
        offset = next
        options.onOffsetChange?.(offset)
      }
    },
  }
}

/** Parses an HTTP `Date` header; NaN when absent or unreadable. */
export function parseHttpDate(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN
}
