/**
 * Vue 3 bindings for `@django-jwt/session`: the Pinia store ({@link defineAuthStore}), the router guard and the
 * navigation that follows the session in every tab ({@link installSessionNavigation}, with a `?redirect=` that can
 * never leave the app), and the devices list ({@link useDeviceSessions}).
 *
 * @packageDocumentation
 */
export { defineAuthStore, type AccountApi, type AuthStore, type AuthStoreOptions, type LoginOptions } from './store.js'
export {
  installAuthGuard,
  installSessionNavigation,
  loginLocation,
  resolveRedirect,
  type SessionNavigation,
  type SessionNavigationOptions,
  type SessionRoutes,
} from './router.js'
export { useDeviceSessions, type DeviceListState, type DeviceSessionLike, type DeviceSessionsApi } from './useDeviceSessions.js'
