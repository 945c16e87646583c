import axios, { AxiosError, type AxiosInstance } from 'axios'
import { config } from '@/config'
import { ApiError, apiErrorFromResponse } from './errors'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** A token endpoint: no Authorization header, never a refresh (so nothing can loop). */
    skipAuth?: boolean
    /** The caller shows this request's errors itself (a form, the login page): no global toast. */
    skipErrorToast?: boolean
  }
}

/** Turns anything axios rejects with into an ApiError; our own typed errors pass through. */
export function toApiError(error: unknown): Error {
  if (error instanceof ApiError || !(error instanceof AxiosError)) {
    return error instanceof Error ? error : new Error(String(error))
  }
  if (axios.isCancel(error) || error.code === AxiosError.ERR_CANCELED) {
    return new ApiError('aborted', 0, undefined, undefined, {})
  }
  if (error.response) return apiErrorFromResponse(error.response.status, error.response.data)
  if (error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT) {
    return new ApiError('timeout', 0, undefined, undefined, {})
  }
  return new ApiError('network', 0, undefined, undefined, {})
}

export interface HttpClientOptions {
  baseURL?: string
  timeout?: number
}

/** An axios instance that speaks JSON to the API and rejects with ApiError. */
export function createHttpClient(options: HttpClientOptions = {}): AxiosInstance {
  const instance = axios.create({
    baseURL: options.baseURL ?? config.apiBaseUrl,
    timeout: options.timeout ?? 15_000,
    headers: { Accept: 'application/json' },
  })
  instance.interceptors.response.use(undefined, (error: unknown) => Promise.reject(toApiError(error)))
  return instance
}

/** The app's one instance: the API layer calls it, src/session.ts installs the session on it. */
export const http = createHttpClient()
