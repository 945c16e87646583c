/** Every backend path but the token endpoints (each dialect's, src/auth/dialects/), once. All end with a slash: without it Django answers 301 and drops a POST body. */
export const API_PATHS = {
  me: '/me/',
  passwordChange: '/me/password/',
  logoutAll: '/me/logout-all/',
  sessions: '/me/sessions/',
  session: (id: string) => `/me/sessions/${encodeURIComponent(id)}/`,
  orders: '/orders/',
  order: (id: number | string) => `/orders/${encodeURIComponent(String(id))}/`,
} as const

