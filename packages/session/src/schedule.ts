/**
 * When to refresh an access token before it expires: a margin proportional to its lifetime,
 * so 3-second tokens and day-long tokens are both refreshed about once per lifetime.
 */
export const MIN_MARGIN_MS = 250
export const MAX_MARGIN_MS = 60_000
export const MARGIN_FRACTION = 0.1

export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, lifetimeMs * MARGIN_FRACTION))
}

/** Server time (ms) at which a token received at `receivedAt` and expiring at `expiresAt` is due for refresh. */
export function refreshDueAt(receivedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - receivedAt)
  return expiresAt - refreshMarginMs(lifetime)
}

/** setTimeout can't wait more than 2^31 − 1 ms; longer waits are re-checked when the timer fires. */
export const MAX_TIMER_MS = 2_147_483_647
