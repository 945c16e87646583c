import { ref, watch, type Ref } from 'vue'
import { getOrder } from '@/api/orders'
import type { Order } from '@/api/types'
import { isApiError, isSessionExpired } from '@django-jwt/session'

export type OrderLoadState = 'loading' | 'ready' | 'not-found' | 'failed'

/** Loads one order by id and says which state the screen is in: loading, ready, not found (404) or failed. */
export function useOrder(id: Ref<string | undefined>) {
  const order = ref<Order | null>(null)
  const state = ref<OrderLoadState>('loading')
  let request = 0

  async function load(): Promise<void> {
    const current = id.value
    if (current === undefined) return
    const mine = ++request
    state.value = 'loading'
    try {
      const loaded = await getOrder(current)
      if (mine !== request) return
      order.value = loaded
      state.value = 'ready'
    } catch (error) {
      if (mine !== request || isSessionExpired(error)) return
      // Missing, foreign and malformed ids are all the same 404 on the server.
      state.value = isApiError(error) && error.status === 404 ? 'not-found' : 'failed'
    }
  }

  watch(id, load, { immediate: true })
  return { order, state, reload: load }
}
