import type { AxiosRequestConfig } from 'axios'
import { http } from '@/http/client'
import { API_PATHS } from './paths'
import type { DeviceSession, PasswordChange, TokenPair, User } from './types'

/** GET /api/me/: the logged-in user (the tokens carry only `user_id`). */
export async function getMe(options: AxiosRequestConfig = {}): Promise<User> {
  const { data } = await http.get<User>(API_PATHS.me, options)
  return data
}

/**
 * POST /api/me/password/: changes the password. Every token the user held stops working; the answer is a new
 * pair for this device. A 400 carries Django's messages under `old_password` / `new_password`.
 */
export async function changePassword(input: PasswordChange, options: AxiosRequestConfig = {}): Promise<TokenPair> {
  const { data } = await http.post<TokenPair>(API_PATHS.passwordChange, input, options)
  return data
}

/** POST /api/me/logout-all/ (204): every token of the user, this device's included, stops working. */
export async function logoutAll(options: AxiosRequestConfig = {}): Promise<void> {
  await http.post(API_PATHS.logoutAll, undefined, options)
}

/** GET /api/me/sessions/: the devices the user is signed in on, newest first, this one `current`. */
export async function listSessions(options: AxiosRequestConfig = {}): Promise<DeviceSession[]> {
  const { data } = await http.get<DeviceSession[]>(API_PATHS.sessions, options)
  return data
}

/** DELETE /api/me/sessions/{id}/ (204): that device is signed out at once; 404 if it already was. */
export async function signOutSession(id: string, options: AxiosRequestConfig = {}): Promise<void> {
  await http.delete(API_PATHS.session(id), options)
}
