import type { AxiosRequestConfig } from 'axios'
import { http } from '@/http/client'
import { API_PATHS } from './paths'
import type { User } from './types'

/** GET /api/me/: the logged-in user (the tokens carry only `user_id`). */
export async function getMe(options: AxiosRequestConfig = {}): Promise<User> {
  const { data } = await http.get<User>(API_PATHS.me, options)
  return data
}
