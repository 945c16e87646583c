// src/auth.ts, as in @django-jwt/vue's quick start.
import { createBrowserSession, createSimplejwtDialect } from '@django-jwt/session'
import { createApiClient, tokenPost } from '@django-jwt/axios'
import { defineAuthStore } from '@django-jwt/vue'

export const api = createApiClient({ baseURL: '/api' })
export const browserSession = createBrowserSession({ dialect: createSimplejwtDialect({ post: tokenPost(api) }) })

export const useAuthStore = defineAuthStore<{ id: number; username: string }>({
  browserSession,
  account: { me: async () => (await api.get('/me/')).data }, // optional: the user behind the session
})
