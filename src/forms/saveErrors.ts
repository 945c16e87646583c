import { isApiError, type FieldErrors } from '@django-jwt/session'

/** How a failed save is shown: server messages under their fields, the rest as one message on the page. */
export interface SaveFailure {
  fieldErrors: FieldErrors
  /** An i18n key and its parameters, or a server text. */
  message: { key: string; params?: Record<string, unknown> } | { text: string } | null
  notFound: boolean
}

/**
 * Sorts a rejected save: a 400's messages for `formFields` stay under those fields (keyed by the server's field
 * names), any other message becomes the page's.
 */
export function describeSaveFailure(error: unknown, formFields: ReadonlySet<string>): SaveFailure {
  const none: SaveFailure = { fieldErrors: {}, message: null, notFound: false }
  if (!isApiError(error)) return { ...none, message: { key: 'errors.generic', params: { status: '?' } } }
  if (error.kind === 'network') return { ...none, message: { key: 'errors.network' } }
  if (error.kind === 'timeout') return { ...none, message: { key: 'errors.timeout' } }
  if (error.status === 404) return { ...none, notFound: true }
  if (error.status === 400) {
    const fieldErrors: FieldErrors = {}
    const others: string[] = []
    for (const [field, messages] of Object.entries(error.fieldErrors)) {
      if (formFields.has(field)) fieldErrors[field] = messages
      else others.push(...messages)
    }
    const text = error.detail ?? others[0]
    return { ...none, fieldErrors, message: text ? { text } : Object.keys(fieldErrors).length ? null : { key: 'errors.generic', params: { status: 400 } } }
  }
  if (error.status >= 500) return { ...none, message: { key: 'errors.server', params: { status: error.status } } }
  return { ...none, message: error.firstMessage ? { text: error.firstMessage } : { key: 'errors.generic', params: { status: error.status } } }
}
