import { defineStore } from 'pinia'
import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import {
  decodeToken,
  isSessionExpired,
  type BrowserSession,
  type Credentials,
  type IdleState,
  type StoredSession,
  type TokenSet,
} from '@django-jwt/session'

export interface LoginOptions {
  /** Keep the session when the browser closes (localStorage), or only while a tab is open (sessionStorage). Default true. */
  remember?: boolean
}

/** The account endpoints the store calls; each one is optional (a stock simplejwt server has none of them). */
export interface AccountApi<User, PasswordChange> {
  /** The logged-in user (`GET /api/me/`): the tokens carry only `user_id`. */
  me?(): Promise<User>
  /** Changes the password and answers with this device's new tokens (the server revoked every other one). */
  changePassword?(input: PasswordChange): Promise<TokenSet>
  /** Ends every session of the user on the server (`POST /api/me/logout-all/`). */
  logoutEverywhere?(): Promise<void>
}

export interface AuthStoreOptions<User, PasswordChange> {
  /** The Pinia store's id; default `auth`. */
  id?: string
  /** The app's session (`createBrowserSession(…)`). */
  browserSession: BrowserSession
  /** The account endpoints, if the server has them. */
  account?: AccountApi<User, PasswordChange>
}

/** The state and actions of the store that {@link defineAuthStore} defines. */
export interface AuthStore<User, PasswordChange> {
  /** The user behind the session, once {@link AuthStore.loadUser} fetched it. */
  user: Ref<User | null>
  isLoggedIn: ComputedRef<boolean>
  accessToken: ComputedRef<string | null>
  refreshToken: ComputedRef<string | null>
  /** When nothing can renew this session any more (server epoch ms), as the dialect reads it off the tokens. */
  sessionEndsAt: ComputedRef<number | null>
  /** Whether the server can revoke sessions (the dialect can end one: simplejwt pairs with the blacklist). */
  canRevoke: boolean
  /** How far the server's clock is ahead of this machine's, in ms. */
  clockOffsetMs: Ref<number>
  /** Whether the last login chose "Remember me" (the login form's default). */
  rememberMe: Ref<boolean>
  /** The idle lapse's length in ms; 0 when it is off. */
  idleMs: number
  /** The lapse is near: show the warning. */
  idleWarning: ComputedRef<boolean>
  /** The tab's last session ended because nobody used it. */
  idleLapsed: ComputedRef<boolean>
  /** The idle policy's state, once loaded. */
  idle: ShallowRef<IdleState | null>
  /** The server's time now (epoch ms). */
  serverNow(): number
  /** This machine's time now (epoch ms). */
  localNow(): number
  /** Milliseconds until the idle lapse (read fresh: activity in other tabs moves it); null without one. */
  idleRemainingMs(): number | null
  /** "Stay signed in": counts as the user's activity. */
  stayActive(): void
  /** Logs in through the dialect; rejects with InvalidCredentialsError, or ApiError (400 field errors, 429, network). */
  login(credentials: Credentials, options?: LoginOptions): Promise<void>
  /** Logs out in every tab, and on the server where the dialect can (best effort, also offline). */
  logout(): Promise<void>
  /** Changes the password (rejects with ApiError, 400: Django's messages per field); this device adopts the new tokens. */
  changePassword(input: PasswordChange): Promise<void>
  /** Ends every session of the user on the server, then this one in every tab. */
  logoutEverywhere(): Promise<void>
  /** The user (`account.me()`), fetched once per session; null without a session. */
  loadUser(): Promise<User | null>
  /** Refreshes the tokens now. */
  refreshNow(): Promise<void>
  /** The session as stored (tokens and times), for display. */
  current: ShallowRef<StoredSession | null>
}

/**
 * Defines the Pinia store that is the reactive face of the session: components read it, none of them touches
 * tokens. Call once, at module level: `export const useAuthStore = defineAuthStore({ browserSession, account })`.
 */
export function defineAuthStore<User = unknown, PasswordChange = never>(options: AuthStoreOptions<User, PasswordChange>) {
  const { browserSession, account = {} } = options
  const { session, clock, tokens, idle: idleLapse, dialect } = browserSession
  return defineStore(options.id ?? 'auth', (): AuthStore<User, PasswordChange> => {
    const current = shallowRef<StoredSession | null>(session.current())
    const user = ref<User | null>(null) as Ref<User | null>
    const clockOffsetMs = ref(clock.offsetMs())
    const idle = shallowRef<IdleState | null>(null)
    const rememberMe = ref(tokens.remembers())

    session.on(() => {
      current.value = session.current()
      clockOffsetMs.value = clock.offsetMs()
      idle.value = idleLapse.policy()?.state() ?? null
      if (!current.value) user.value = null
    })
    idleLapse.whenLoaded((policy) => {
      idle.value = policy.state()
      policy.on(() => (idle.value = policy.state()))
    })

    const isLoggedIn = computed(() => current.value !== null && session.isLoggedIn())
    const accessToken = computed(() => current.value?.access ?? null)
    const refreshToken = computed(() => current.value?.refresh ?? null)
    const sessionEndsAt = computed(() => (current.value ? (dialect.describe(current.value)?.endsAt ?? null) : null))

    function serverNow(): number {
      clockOffsetMs.value = clock.offsetMs()
      return clock.now()
    }

    function idleRemainingMs(): number | null {
      const deadline = idleLapse.policy()?.state().deadline
      return deadline === null || deadline === undefined ? null : Math.max(0, deadline - Date.now())
    }

    async function login(credentials: Credentials, loginOptions: LoginOptions = {}): Promise<void> {
      const sentAt = clock.localNow()
      const obtained = await dialect.obtain(credentials)
      // A fresh token's `iat` is the server's clock: a skew sample even where `Date` is unreadable (CORS).
      const iat = decodeToken(obtained.access)?.payload.iat
      if (typeof iat === 'number') clock.observe(iat * 1000, 1000, sentAt, clock.localNow())
      user.value = null
      const remember = loginOptions.remember ?? true
      await tokens.choose(remember)
      rememberMe.value = remember
      idleLapse.restart()
      session.establish(obtained)
      await loadUser().catch(() => null)
    }

    async function changePassword(input: PasswordChange): Promise<void> {
      if (!account.changePassword) throw new Error('defineAuthStore: no account.changePassword')
      session.establish(await account.changePassword(input))
    }

    async function logoutEverywhere(): Promise<void> {
      if (!account.logoutEverywhere) throw new Error('defineAuthStore: no account.logoutEverywhere')
      await account.logoutEverywhere()
      await session.logout({ blacklist: false })
    }

    async function loadUser(): Promise<User | null> {
      if (!session.current() || !account.me) return null
      if (user.value) return user.value
      try {
        user.value = await account.me()
      } catch (error) {
        if (isSessionExpired(error)) return null
        throw error
      }
      return user.value
    }

    return {
      user,
      isLoggedIn,
      accessToken,
      refreshToken,
      sessionEndsAt,
      canRevoke: dialect.end !== undefined,
      clockOffsetMs,
      rememberMe,
      idleMs: idleLapse.ms,
      idleWarning: computed(() => idle.value?.warning ?? false),
      idleLapsed: computed(() => idle.value?.lapsed ?? false),
      idle,
      serverNow,
      localNow: () => clock.localNow(),
      idleRemainingMs,
      stayActive: () => idleLapse.policy()?.activity(),
      login,
      logout: () => session.logout(),
      changePassword,
      logoutEverywhere,
      loadUser,
      refreshNow: async () => {
        await session.refresh()
      },
      current,
    }
  })
}
