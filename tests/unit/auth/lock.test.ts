import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLockRunner } from '@packages/session/lock'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('createLockRunner', () => {
  afterEach(() => localStorage.clear())

  it('uses Web Locks when the browser has them', async () => {
    const request = vi.fn((_name: string, task: () => Promise<unknown>) => task())
    const withLock = createLockRunner({ request } as never, localStorage)
    await expect(withLock('refresh', async () => 42)).resolves.toBe(42)
    expect(request).toHaveBeenCalledWith('refresh', expect.any(Function))
  })

  it('without Web Locks, two runners sharing storage never overlap, and both finish', async () => {
    const tabA = createLockRunner(undefined, localStorage)
    const tabB = createLockRunner(undefined, localStorage)
    const order: string[] = []
    const gate = deferred()
    const first = tabA('refresh', async () => {
      order.push('A start')
      await gate.promise
      order.push('A end')
    })
    await vi.waitFor(() => expect(order).toEqual(['A start']))
    const second = tabB('refresh', async () => {
      order.push('B')
    })
    gate.resolve()
    await Promise.all([first, second])
    expect(order).toEqual(['A start', 'A end', 'B'])
    expect(localStorage.getItem('refresh.lease')).toBeNull()
  })

  it('releases the lease when the task fails', async () => {
    const withLock = createLockRunner(undefined, localStorage)
    await expect(withLock('refresh', async () => { throw new Error('boom') })).rejects.toThrow('boom')
    await expect(withLock('refresh', async () => 'next')).resolves.toBe('next')
  })
})
