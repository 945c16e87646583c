import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { changePassword as requestPasswordChange, getMe, logoutAll } from '@/api/me'
import type { Credentials, PasswordChange, User } from '@/api/types'
import type { IdleState } from '@/auth/idle'
import { decodeToken } from '@/auth/jwt'
import type { StoredSession } from '@/auth/storage'
import { isSessionExpired } from '@/http/errors'
import { IDLE_MS, dialect, loadedIdlePolicy, restartIdleClock, serverClock, session, tokenStorage, withIdlePolicy } from '@/session'

export interface LoginOptions {
  /** Keep the session when the browser closes (localStorage), or only while a tab is open (sessionStorage). */
  remember?: boolean
}

/** The reactive face of the session core: components read it, none of them touches tokens. */
export const useAuthStore = defineStore('auth', () => {
  const current = shallowRef<StoredSession | null>(session.current())
  const user = ref<User | null>(null)
  const clockOffsetMs = ref(serverClock.offsetMs())
  const idle = shallowRef<IdleState | null>(null)
  const rememberMe = ref(tokenStorage.remembers())

  session.on(() => {
    current.value = session.current()
    clockOffsetMs.value = serverClock.offsetMs()
    idle.value = loadedIdlePolicy()?.state() ?? null
    if (!current.value) user.value = null
  })
  withIdlePolicy((policy) => {
    idle.value = policy.state()
    policy.on(() => (idle.value = policy.state()))
  })

  const isLoggedIn = computed(() => current.value !== null && session.isLoggedIn())
  const accessToken = computed(() => current.value?.access ?? null)
  const refreshToken = computed(() => current.value?.refresh ?? null)
  /** When nothing can renew this session any more (server epoch ms), as the dialect reads it off the tokens. */
  /** Whether this server can revoke sessions (simplejwt pairs: blacklist, password change, log out everywhere). */
  const canRevoke = dialect.end !== undefined
  const sessionEndsAt = computed(() => (current.value ? (dialect.describe(current.value)?.endsAt ?? null) : null))

  function serverNow(): number {
    clockOffsetMs.value = serverClock.offsetMs()
    return serverClock.now()
  }

  /** This machine's clock (epoch ms), the app's one source of local time: waits counted from an answer's arrival. */
  function localNow(): number {
    return serverClock.localNow()
  }

  /** The idle lapse's length in ms; 0 when it is off. */
  const idleMs = IDLE_MS
  /** The lapse is near: the warning dialog is up. */
  const idleWarning = computed(() => idle.value?.warning ?? false)
  /** The last session of this tab ended because nobody used it (the login page says so). */
  const idleLapsed = computed(() => idle.value?.lapsed ?? false)

  /** Milliseconds until the idle lapse (read fresh: activity in other tabs moves it); null without one. */
  function idleRemainingMs(): number | null {
    const deadline = loadedIdlePolicy()?.state().deadline
    return deadline === null || deadline === undefined ? null : Math.max(0, deadline - Date.now())
  }

  /** "Stay signed in": counts as activity. */
  function stayActive(): void {
    loadedIdlePolicy()?.activity()
  }

  /** Logs in through the dialect; rejects with InvalidCredentialsError, or ApiError (400 field errors, network). */
  async function login(credentials: Credentials, options: LoginOptions = {}): Promise<void> {
    const sentAt = serverClock.localNow()
    const tokens = await dialect.obtain(credentials)
    // A fresh token's `iat` is the server's clock: a skew sample even where `Date` is unreadable (CORS).
    const iat = decodeToken(tokens.access)?.payload.iat
    if (typeof iat === 'number') serverClock.observe(iat * 1000, 1000, sentAt, serverClock.localNow())
    user.value = null
    const remember = options.remember ?? true
    await tokenStorage.choose(remember)
    rememberMe.value = remember
    restartIdleClock()
    session.establish(tokens)
    await loadUser().catch(() => null)
  }

  async function logout(): Promise<void> {
    await session.logout()
  }

  /**
   * Changes the password; rejects with ApiError (400: Django's messages per field) and shows no toast. The server
   * revokes every token of the user: this device adopts the new pair, and the app's other tabs share it.
   */
  async function changePassword(input: PasswordChange): Promise<void> {
    const tokens = await requestPasswordChange(input, { skipErrorToast: true })
    session.establish(tokens)
  }

  /** Ends every session of the user on the server, then this one here in every tab (nothing left to blacklist). */
  async function logoutEverywhere(): Promise<void> {
    await logoutAll()
    await session.logout({ blacklist: false })
  }

  /** The user behind the session (`/api/me/`), fetched once per session. */
  async function loadUser(): Promise<User | null> {
    if (!session.current()) return null
    if (user.value) return user.value
    try {
      user.value = await getMe()
    } catch (error) {
      if (isSessionExpired(error)) return null
      throw error
    }
    return user.value
  }

  async function refreshNow(): Promise<void> {
    await session.refresh()
  }

  return {
    user,
    isLoggedIn,
    accessToken,
    refreshToken,
    sessionEndsAt,
    canRevoke,
    clockOffsetMs,
    rememberMe,
    idleMs,
    idleWarning,
    idleLapsed,
    serverNow,
    localNow,
    idleRemainingMs,
    stayActive,
    login,
    logout,
    changePassword,
    logoutEverywhere,
    loadUser,
    refreshNow,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot))
