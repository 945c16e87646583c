/** simplejwt pair endpoints as plain functions (the app goes through its dialect, src/session.ts; tests use these). */
import type { AxiosRequestConfig } from 'axios'
import { http } from '@/http/client'
import { SIMPLEJWT_PATHS as API_PATHS } from '@django-jwt/session'
import type { Credentials, RefreshedTokens, TokenPair } from './types'

/** Token endpoints: no Authorization, no refresh, no global toast (the session and the login page report). */
const tokenRequest: AxiosRequestConfig = { skipAuth: true, skipErrorToast: true }

/** POST /api/token/: username + password for an access and a refresh token. */
export async function obtainToken(credentials: Credentials, options: AxiosRequestConfig = {}): Promise<TokenPair> {
  const { data } = await http.post<TokenPair>(API_PATHS.obtain, credentials, { ...options, ...tokenRequest })
  return data
}

/** POST /api/token/refresh/: a new access token (and a new refresh token when rotation is on). */
export async function refreshToken(refresh: string, options: AxiosRequestConfig = {}): Promise<RefreshedTokens> {
  const { data } = await http.post<RefreshedTokens>(API_PATHS.refresh, { refresh }, { ...options, ...tokenRequest })
  return data
}

/** POST /api/token/verify/: resolves when the server accepts the token. */
export async function verifyToken(token: string, options: AxiosRequestConfig = {}): Promise<void> {
  await http.post(API_PATHS.verify, { token }, { ...options, ...tokenRequest })
}

/** POST /api/token/blacklist/: revokes a refresh token (logout). */
export async function blacklistToken(refresh: string, options: AxiosRequestConfig = {}): Promise<void> {
  await http.post(API_PATHS.logout, { refresh }, { ...options, ...tokenRequest })
}
