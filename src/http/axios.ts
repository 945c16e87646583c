/** The app's axios instance (in the lazy axios chunk, see client.ts): JSON to the API, in the UI's language, typed errors. */
import { createApiClient } from '@django-jwt/axios'
import type { AxiosInstance } from 'axios'
import { config } from '@/config'
import { getRequestLanguage } from './language'

export function createHttpClient(): AxiosInstance {
  return createApiClient({ baseURL: config.apiBaseUrl, acceptLanguage: getRequestLanguage })
}
