import { computed, ref } from 'vue'
import { listSessions, signOutSession } from '@/api/me'
import type { DeviceSession } from '@/api/types'
import { isApiError, isSessionExpired } from '@/http/errors'

/** 'unsupported': the server keeps no sessions (no /api/me/sessions/: a stock simplejwt backend). */
export type DeviceListState = 'loading' | 'ready' | 'unsupported' | 'failed'

/**
 * The user's devices (GET /api/me/sessions/) and signing one out. Failures are the screen's to show: the list's
 * requests skip the global toast, so a server without sessions (404) just hides the section.
 */
export function useDeviceSessions() {
  const sessions = ref<DeviceSession[]>([])
  const state = ref<DeviceListState>('loading')
  /** The id of the session being signed out, one at a time. */
  const signingOut = ref<string | null>(null)
  let request = 0

  async function load(): Promise<void> {
    const mine = ++request
    if (state.value !== 'ready') state.value = 'loading'
    try {
      const loaded = await listSessions({ skipErrorToast: true })
      if (mine !== request) return
      sessions.value = loaded
      state.value = 'ready'
    } catch (error) {
      if (mine !== request || isSessionExpired(error)) return
      state.value = isApiError(error) && error.status === 404 ? 'unsupported' : 'failed'
    }
  }

  /** Signs a device out; true when it is signed out (or already was: 404), false when the request failed. */
  async function signOut(session: DeviceSession): Promise<boolean> {
    if (signingOut.value) return false
    signingOut.value = session.id
    try {
      await signOutSession(session.id, { skipErrorToast: true })
      return true
    } catch (error) {
      return isApiError(error) && error.status === 404
    } finally {
      signingOut.value = null
      await load()
    }
  }

  const current = computed(() => sessions.value.find((session) => session.current) ?? null)
  return { sessions, state, current, signingOut, load, signOut }
}
