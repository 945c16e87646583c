import { describe, expect, it } from 'vitest'
import { createServerClock, parseHttpDate } from '@packages/session/clock'

const MINUTE = 60_000

/** A server `skew` ms ahead of the client, answering after `latency` ms with 1-second `Date` headers. */
function sample(clock: ReturnType<typeof createServerClock>, localAt: number, skew: number, latency = 40) {
  const serverAt = localAt + latency / 2 + skew
  clock.observe(Math.floor(serverAt / 1000) * 1000, 1000, localAt, localAt + latency)
}

describe('createServerClock', () => {
  it('starts at the local clock', () => {
    const clock = createServerClock(() => 1_000_000)
    expect(clock.now()).toBe(1_000_000)
    expect(clock.offsetMs()).toBe(0)
  })

  it.each([10 * MINUTE, -10 * MINUTE, 1234])('converges on a %d ms skew within 100 ms', (skew) => {
    let local = 1_700_000_000_000
    const clock = createServerClock(() => local)
    sample(clock, local, skew)
    expect(Math.abs(clock.offsetMs() - skew)).toBeLessThanOrEqual(540)
    for (let i = 0; i < 20; i += 1) {
      local += 1370 // requests at varied phases of the server's second
      sample(clock, local, skew)
    }
    expect(Math.abs(clock.offsetMs() - skew)).toBeLessThanOrEqual(100)
    expect(Math.abs(clock.now() - (local + skew))).toBeLessThanOrEqual(100)
  })

  it('starts over when the clocks jump apart', () => {
    let local = 1_700_000_000_000
    const clock = createServerClock(() => local)
    sample(clock, local, 0)
    local += 5000
    sample(clock, local, 3 * MINUTE) // the client's clock was set back 3 minutes
    expect(Math.abs(clock.offsetMs() - 3 * MINUTE)).toBeLessThanOrEqual(540)
  })

  it('starts from an offset remembered from an earlier page load, and reports changes', () => {
    const changes: number[] = []
    let local = 1_700_000_000_000
    const clock = createServerClock(() => local, { initialOffsetMs: -10 * MINUTE, onOffsetChange: (offset) => changes.push(offset) })
    expect(clock.now()).toBe(local - 10 * MINUTE)
    sample(clock, local, -10 * MINUTE)
    local += 1370
    sample(clock, local, -10 * MINUTE)
    expect(changes.length).toBeGreaterThan(0)
    expect(Math.abs((changes.at(-1) ?? 0) + 10 * MINUTE)).toBeLessThanOrEqual(540)
  })

  it('ignores unreadable samples', () => {
    const clock = createServerClock(() => 5000)
    clock.observe(Number.NaN, 1000, 0, 10)
    clock.observe(1e9, 1000, 10, 5) // received before sent
    expect(clock.offsetMs()).toBe(0)
  })

  it('parses HTTP dates', () => {
    expect(parseHttpDate('Mon, 23 Nov 2026 09:56:39 GMT')).toBe(Date.UTC(2026, 10, 23, 9, 56, 39))
    expect(parseHttpDate(undefined)).toBeNaN()
    expect(parseHttpDate('yesterday')).toBeNaN()
  })
})

describe('uncertaintyMs', () => {
  it('is a Date header’s resolution before any sample and narrows as samples agree', () => {
    const clock = createServerClock(() => 1_000_000)
    expect(clock.uncertaintyMs()).toBe(1000)
    sample(clock, 1_000_000, 0)
    const afterOne = clock.uncertaintyMs()
    expect(afterOne).toBeLessThanOrEqual(520)
    for (let i = 1; i < 20; i += 1) sample(clock, 1_000_000 + i * 1370, 0)
    expect(clock.uncertaintyMs()).toBeLessThan(afterOne)
  })
})
