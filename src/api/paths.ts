/** Every backend path, once. All end with a slash: without it Django answers 301 and drops a POST body. */
export const API_PATHS = {
  obtain: '/token/',
  refresh: '/token/refresh/',
  verify: '/token/verify/',
  blacklist: '/token/blacklist/',
  me: '/me/',
  passwordChange: '/me/password/',
  logoutAll: '/me/logout-all/',
  orders: '/orders/',
  order: (id: number | string) => `/orders/${encodeURIComponent(String(id))}/`,
} as const

