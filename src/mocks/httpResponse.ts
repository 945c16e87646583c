/** Turns a view's answer into the Response Django would send: Date on everything, DRF's headers on API views. */
import { HttpResponse } from 'msw'
import { WWW_AUTHENTICATE } from './handlers/authentication'
import { allowedMethods } from './handlers/routes'
import type { DispatchResult } from './dispatch'

export function statusOf(result: DispatchResult): number {
  const { response } = result
  if (response.kind === 'network-error') return 0
  if (response.kind === 'redirect') return 301
  return response.status
}

export function toHttpResponse(result: DispatchResult, method: string, nowMs: number): Response {
  const { response, route } = result
  if (response.kind === 'network-error') return HttpResponse.error()
  const headers = new Headers({ Date: new Date(nowMs).toUTCString() })
  const status = statusOf(result)
  let body: string | null = null
  if (response.kind === 'redirect') {
    headers.set('Location', response.location)
    headers.set('Content-Type', 'text/html; charset=utf-8')
  } else if (response.kind === 'html') {
    headers.set('Content-Type', 'text/html; charset=utf-8')
    body = response.html
  } else {
    if (response.kind === 'json') {
      headers.set('Content-Type', 'application/json')
      body = JSON.stringify(response.body)
    }
    if (route) {
      headers.set('Allow', allowedMethods(route).join(', '))
      headers.set('Vary', 'Accept')
    }
    if (status === 401) headers.set('WWW-Authenticate', WWW_AUTHENTICATE)
  }
  return new HttpResponse(method.toUpperCase() === 'HEAD' ? null : body, { status, headers })
}
