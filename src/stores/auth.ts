import { acceptHMRUpdate } from 'pinia'
import { defineAuthStore } from '@django-jwt/vue'
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
    changePassword: (input) => changePassword(input, { skipErrorToast: true }),
    logoutEverywhere: () => logoutAll(),
  },
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot))
