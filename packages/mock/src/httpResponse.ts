/**
 * Turns a view's answer into the Response Django would send: Date on everything, DRF's headers on API views,
 * then LocaleMiddleware's Content-Language and Vary: Accept-Language on every answer it sees (all of them:
 * it sits above CommonMiddleware, so the APPEND_SLASH 301 and the HTML 404/500 get them too).
 */
import { HttpResponse } from 'msw'
import { WWW_AUTHENTICATE } from './handlers/authentication.js'
import { RENDERER_MEDIA_TYPES, allowedMethods } from './handlers/routes.js'
import type { DispatchResult } from './dispatch.js'
import { toLanguage } from './languageNegotiation.js'
import type { ServerStack } from './stack.js'
import { renderJson } from './translation.js'

export function statusOf(result: DispatchResult): number {
  const { response } = result
  if (response.kind === 'network-error') return 0
  if (response.kind === 'redirect') return 301
  return response.status
}

/** django.utils.cache.patch_vary_headers: adds the names not there yet (case-insensitively); "*" absorbs all. */
export function patchVaryHeaders(headers: Headers, names: readonly string[]): void {
  const current = headers.get('Vary')
  const vary = current === null ? [] : current.split(/\s*,\s*/)
  const present = new Set(vary.map((name) => name.toLowerCase()))
  vary.push(...names.filter((name) => !present.has(name.toLowerCase())))
  headers.set('Vary', vary.includes('*') ? '*' : vary.join(', '))
}

/**
 * `language` is the code LocaleMiddleware activated for the request (see languageNegotiation.ts); `stack` the server
 * the mock copies (its catalogs, its error pages' Content-Type).
 */
export function toHttpResponse(result: DispatchResult, method: string, nowMs: number, language: string, stack: ServerStack): Response {
  const { response, route } = result
  if (response.kind === 'network-error') return HttpResponse.error()
  const headers = new Headers({ Date: new Date(nowMs).toUTCString() })
  const status = statusOf(result)
  let body: string | null = null
  if (response.kind === 'redirect') {
    headers.set('Location', response.location)
    headers.set('Content-Type', 'text/html; charset=utf-8')
  } else if (response.kind === 'html') {
    headers.set('Content-Type', stack.errorPageContentType)
    body = response.html
  } else {
    if (response.kind === 'json') {
      headers.set('Content-Type', 'application/json')
      body = renderJson(response.body, language, stack.catalogs)
    }
    if (response.kind === 'json' || response.kind === 'empty') {
      for (const [name, value] of Object.entries(response.headers ?? {})) headers.set(name, value)
    }
    if (route) {
      headers.set('Allow', allowedMethods(route).join(', '))
      // APIView.default_response_headers: Vary: Accept only when content negotiation has a choice.
      if (RENDERER_MEDIA_TYPES.length > 1) patchVaryHeaders(headers, ['Accept'])
    }
    if (status === 401) headers.set('WWW-Authenticate', WWW_AUTHENTICATE)
  }
  patchVaryHeaders(headers, ['Accept-Language'])
  if (!headers.has('Content-Language')) headers.set('Content-Language', toLanguage(language))
  return new HttpResponse(method.toUpperCase() === 'HEAD' ? null : body, { status, headers })
}
