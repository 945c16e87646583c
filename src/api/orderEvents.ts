import type { Order } from '@/api/types'

/** What happened to an order on another screen, so a kept-alive list can patch itself instead of reloading. */
export type OrderChange = { kind: 'saved'; order: Order; created: boolean } | { kind: 'deleted'; id: number }

type Listener = (change: OrderChange) => void
const listeners = new Set<Listener>()

export function announceOrderChange(change: OrderChange): void {
  for (const listener of listeners) listener(change)
}

/** Returns the unsubscribe function. */
export function onOrderChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
