import { describe, expect, it } from 'vitest'
import { refreshDueAt, refreshMarginMs } from '@packages/session/schedule'

describe('refresh schedule', () => {
  it.each([
    [1_000, 250],
    [3_000, 300],
    [5 * 60_000, 30_000],
    [24 * 3600_000, 60_000],
  ])('a %d ms token is refreshed %d ms before it expires', (lifetime, margin) => {
    expect(refreshMarginMs(lifetime)).toBe(margin)
    expect(refreshDueAt(0, lifetime)).toBe(lifetime - margin)
  })

  it('refreshes at most about once per lifetime, for lifetimes from 3 s to days', () => {
    for (const lifetime of [3_000, 10_000, 60_000, 300_000, 3600_000, 7 * 86400_000]) {
      const usable = refreshDueAt(0, lifetime)
      expect(usable / lifetime).toBeGreaterThanOrEqual(0.9)
      expect(usable).toBeLessThan(lifetime)
    }
  })
})
