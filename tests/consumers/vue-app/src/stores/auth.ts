import { defineAuthStore } from '@django-jwt/vue'
import { api, browserSession } from '../session'

/** What GET /api/me/ answers. */
export interface User {
  id: number
  username: string
}

/** The reactive face of the session: pages read it, none of them touches tokens. */
export const useAuthStore = defineAuthStore<User>({
  browserSession,
  account: {
    me: async () => (await api.get<User>('/me/')).data,
  },
})
