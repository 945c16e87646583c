/** An axios instance that rejects with the session core's typed errors, and the request options the binding reads. */
import axios, { AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios'
import { ApiError, apiErrorFromResponse } from '@django-jwt/session'

/** The per-request options the binding reads, on axios' own request config type. */
declare module 'axios' {
  interface AxiosRequestConfig {
    /** A token endpoint: no Authorization header, never a refresh (so nothing can loop). */
    skipAuth?: boolean
    /** The caller shows this request's errors itself (a form, the login page): no global toast. */
    skipErrorToast?: boolean
    /** Set on the one replay after a refresh: a second 401 ends the session instead of looping. */
    authReplayed?: boolean
    /** Local time the request left, for the server-clock estimate. */
    sentAt?: number
  }
}


interface FailedExchange {
  config: InternalAxiosRequestConfig
  responseHeaders?: Record<string, unknown>
}
const exchanges = new WeakMap<ApiError, FailedExchange>()

/** The request an ApiError came from (for the session interceptors: replay, opt-outs). */
export function requestConfigOf(error: ApiError): InternalAxiosRequestConfig | undefined {
  return exchanges.get(error)?.config
}

/** The error response's headers, when there was a response. */
export function responseHeadersOf(error: ApiError): Record<string, unknown> | undefined {
  return exchanges.get(error)?.responseHeaders
}

/** Ties an error to the request it failed, e.g. a refresh failure to the request that waited on it. */
export function bindRequestConfig(error: ApiError, config: InternalAxiosRequestConfig, responseHeaders?: Record<string, unknown>): ApiError {
  exchanges.set(error, { config, responseHeaders })
  return error
}

function classify(error: AxiosError): ApiError {
  if (axios.isCancel(error) || error.code === AxiosError.ERR_CANCELED) {
    return new ApiError('aborted', 0, undefined, undefined, {})
  }
  if (error.response) return apiErrorFromResponse(error.response.status, error.response.data, error.response.headers['retry-after'])
  if (error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT) {
    return new ApiError('timeout', 0, undefined, undefined, {})
  }
  return new ApiError('network', 0, undefined, undefined, {})
}

/** Turns anything axios rejects with into an ApiError; our own typed errors pass through. */
export function toApiError(error: unknown): Error {
  if (error instanceof AxiosError) {
    const apiError = classify(error)
    return error.config ? bindRequestConfig(apiError, error.config, error.response?.headers) : apiError
  }
  return error instanceof Error ? error : new Error(String(error))
}

export interface ApiClientOptions {
  /** Where the API lives: a path on this origin (`/api`) or an absolute URL. Only requests under it get the token. */
  baseURL: string
  /** Milliseconds before a request gives up (ApiError `timeout`); default 15 000. */
  timeout?: number
  /**
   * The language to ask the server to answer in (Accept-Language), read at each request: Django translates its
   * messages. null or absent: the browser's own header.
   */
  acceptLanguage?: () => string | null
}

/**
 * Makes `instance` reject with the session core's typed errors ({@link ApiError}: `http`, `network`, `timeout`,
 * `aborted`, `bad-response`) instead of AxiosError. {@link installSessionInterceptors} needs it (it classifies by
 * kind and status, never by message). Returns a function that removes the interceptor.
 */
export function rejectWithApiErrors(instance: AxiosInstance): () => void {
  const id = instance.interceptors.response.use(undefined, (error: unknown) => Promise.reject(toApiError(error)))
  return () => instance.interceptors.response.eject(id)
}

/** A new axios instance that speaks JSON to the API, asks for the user's language and rejects with ApiError. */
export function createApiClient(options: ApiClientOptions): AxiosInstance {
  const instance = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeout ?? 15_000,
    headers: { Accept: 'application/json' },
  })
  const { acceptLanguage } = options
  if (acceptLanguage) {
    // Every request, token endpoints included, asks for the UI's language unless it names one itself.
    instance.interceptors.request.use((request) => {
      const language = acceptLanguage()
      if (language && !request.headers.has('Accept-Language')) request.headers.set('Accept-Language', language)
      return request
    })
  }
  rejectWithApiErrors(instance)
  return instance
}

