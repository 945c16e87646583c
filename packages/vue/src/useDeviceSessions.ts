import { computed, ref, type Ref } from 'vue'
import { isApiError, isSessionExpired } from '@django-jwt/session'

/** 'unsupported': the server keeps no sessions (no /api/me/sessions/: a stock simplejwt backend). */
export type DeviceListState = 'loading' | 'ready' | 'unsupported' | 'failed'

/** A device the user is signed in on, as the server lists it: at least its id and whether it is this one. */
export interface DeviceSessionLike {
  id: string
  current: boolean
}

/** The server's sessions endpoints (simplejwt-sessions: GET /api/me/sessions/, DELETE /api/me/sessions/{id}/). */
export interface DeviceSessionsApi<Device extends DeviceSessionLike> {
  /** The devices, this one `current`; should skip the app's global error toast (the list shows its own state). */
  list(): Promise<Device[]>
  /** Signs one device out (204); a 404 means it already was. */
  signOut(id: string): Promise<void>
}

/**
 * The user's devices and signing one out. Failures are the screen's to show: a server without sessions (404) gives
 * the state `unsupported`, so the section can hide.
 */
export function useDeviceSessions<Device extends DeviceSessionLike>(api: DeviceSessionsApi<Device>) {
  const sessions = ref([]) as Ref<Device[]>
  const state = ref<DeviceListState>('loading')
  /** The id of the session being signed out, one at a time. */
  const signingOut = ref<string | null>(null)
  let request = 0

  async function load(): Promise<void> {
    const mine = ++request
    if (state.value !== 'ready') state.value = 'loading'
    try {
      const loaded = await api.list()
      if (mine !== request) return
      sessions.value = loaded
      state.value = 'ready'
    } catch (error) {
      if (mine !== request || isSessionExpired(error)) return
      state.value = isApiError(error) && error.status === 404 ? 'unsupported' : 'failed'
    }
  }

  /** Signs a device out; true when it is signed out (or already was: 404), false when the request failed. */
  async function signOut(session: Device): Promise<boolean> {
    if (signingOut.value) return false
    signingOut.value = session.id
    try {
      await api.signOut(session.id)
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
