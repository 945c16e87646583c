/**
 * axios bindings for `@django-jwt/session`: {@link installSessionInterceptors} puts the session on your own axios
 * instance (the Authorization header, one silent refresh shared by any number of 401s, the 401/403 policy, one
 * replay at most); {@link createApiClient} / {@link rejectWithApiErrors} make axios reject with the core's typed
 * errors, which the interceptors need.
 *
 * @packageDocumentation
 */
export { installSessionInterceptors, type SessionInterceptorOptions } from './interceptors.js'
export { createApiClient, rejectWithApiErrors, requestConfigOf, type ApiClientOptions } from './client.js'
export { tokenPost } from './tokenPost.js'
export { isAuthFailure, noticeFor, SESSION_EXPIRED_NOTICE, type ForbiddenMeans, type Notice, type NoticeKey } from './policy.js'
