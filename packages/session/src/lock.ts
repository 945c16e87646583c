/**
 * Runs a task under a cross-tab exclusive lock, so two tabs never spend the same refresh token.
 * Web Locks (`navigator.locks`) where available; elsewhere a lease in localStorage plus an in-tab queue.
 */
export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>

export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>
}

const LEASE_MS = 10_000
const POLL_MS = 50

interface Lease {
  owner: string
  until: number
}

function readLease(storage: Storage, key: string): Lease | null {
  try {
    const lease = JSON.parse(storage.getItem(key) ?? 'null') as Lease | null
    return lease && typeof lease.owner === 'string' && typeof lease.until === 'number' ? lease : null
  } catch {
    return null
  }
}

/** Fallback for browsers without Web Locks: take a lease, confirm it after a beat, renew by expiry. */
function createLeaseLock(storage: Storage | undefined): LockRunner {
  const owner = Math.random().toString(36).slice(2)
  let queue: Promise<unknown> = Promise.resolve()
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  async function acquire(key: string): Promise<void> {
    if (!storage) return
    for (;;) {
      const lease = readLease(storage, key)
      if (!lease || lease.until < Date.now() || lease.owner === owner) {
        try {
          storage.setItem(key, JSON.stringify({ owner, until: Date.now() + LEASE_MS }))
        } catch {
          return // storage unusable: no other tab can coordinate with us either
        }
        await delay(POLL_MS) // a tab that wrote at the same moment wins or loses here
        if (readLease(storage, key)?.owner === owner) return
      }
      await delay(POLL_MS)
    }
  }

  return <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const key = `${name}.lease`
    const run = queue.then(async () => {
      await acquire(key)
      try {
        return await task()
      } finally {
        try {
          if (storage && readLease(storage, key)?.owner === owner) storage.removeItem(key)
        } catch {
          /* nothing to release */
        }
      }
    })
    queue = run.catch(() => undefined)
    return run
  }
}

export function createLockRunner(locks: LockManagerLike | undefined, storage: Storage | undefined): LockRunner {
  if (locks) return (name, task) => locks.request(name, task)
  return createLeaseLock(storage)
}
