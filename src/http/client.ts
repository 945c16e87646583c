import type { AxiosInstance } from 'axios'

/**
 * The app's one axios instance, created on first use. axios is about 15 KB of gzip that the login
 * page doesn't need to render, so it lives in its own chunk: `http` has axios's request methods and
 * forwards them once the instance exists; `configureHttp` says what to install on it first.
 */
export type HttpSetup = (instance: AxiosInstance) => void | Promise<void>

let setup: HttpSetup | null = null
let instance: Promise<AxiosInstance> | null = null

/** What to install on the instance when it is created (the session's interceptors). */
export function configureHttp(install: HttpSetup): void {
  if (instance) throw new Error('configureHttp() must run before the first request')
  setup = install
}

/** The instance, loading axios on first call (main.ts also starts this once the first page is up). */
export function loadHttp(): Promise<AxiosInstance> {
  instance ??= import('./axios').then(async ({ createHttpClient }) => {
    const created = createHttpClient()
    await setup?.(created)
    return created
  })
  return instance
}

type Methods = Pick<AxiosInstance, 'request' | 'get' | 'delete' | 'post' | 'put' | 'patch'>

export const http: Methods = {
  request: (config) => loadHttp().then((client) => client.request(config)),
  get: (url, config) => loadHttp().then((client) => client.get(url, config)),
  delete: (url, config) => loadHttp().then((client) => client.delete(url, config)),
  post: (url, data, config) => loadHttp().then((client) => client.post(url, data, config)),
  put: (url, data, config) => loadHttp().then((client) => client.put(url, data, config)),
  patch: (url, data, config) => loadHttp().then((client) => client.patch(url, data, config)),
}
