import { acceptHMRUpdate } from 'pinia'
import { defineAuthStore } from '@django-jwt/vue'
import { unreadableAnswer } from '@django-jwt/session'
import { changePassword, getMe, logoutAll } from '@/api/me'
import type { PasswordChange, User } from '@/api/types'
import { browserSession } from '@/browserSession'

export type { LoginOptions } from '@django-jwt/vue'

/** The reactive face of the session: components read it, none of them touches tokens. */
export const useAuthStore = defineAuthStore<User, PasswordChange>({
  browserSession,
  account: {
    me: () => getMe(),
    // A 400 carries Django's messages per field: the form shows them, so no toast.
    async changePassword(input) {
      const answer: { access: unknown; refresh?: unknown } = await changePassword(input, { skipErrorToast: true })
      // The device's new tokens, as the dialect reads them (cookie mode: the access token only, the refresh in the cookie).
      const tokens = browserSession.dialect.accept({ access: answer.access, refresh: answer.refresh ?? null })
      if (!tokens) throw unreadableAnswer()
      return tokens
    },
    logoutEverywhere: () => logoutAll(),
  },
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot))
