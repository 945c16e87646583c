/** What a mock view answers, as plain data; the router turns it into a Response with Django's headers. */
import { gettextLazy, type Text } from './translation.js'

export type MockResponse =
  | { kind: 'json'; status: number; body: unknown; headers?: Readonly<Record<string, string>> }
  | { kind: 'empty'; status: number; headers?: Readonly<Record<string, string>> }
  | { kind: 'html'; status: number; html: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'network-error' }

/** `headers`: what the view sets besides Django's and DRF's own (e.g. Retry-After on a 429). */
export function jsonResponse(status: number, body: unknown, headers?: Readonly<Record<string, string>>): MockResponse {
  return headers ? { kind: 'json', status, body, headers } : { kind: 'json', status, body }
}

export function detailResponse(status: number, detail: Text): MockResponse {
  return jsonResponse(status, { detail })
}

export const NO_CONTENT: MockResponse = { kind: 'empty', status: 204 }

/**
 * Django's built-in error page (DEBUG off, no 404.html / 500.html template): English in every language
 * (views/defaults.py does not mark these texts for translation); its Content-Type depends on the Django
 * (ServerStack.errorPageContentType).
 */
function djangoErrorPage(title: string, details: string): string {
  return `\n<!doctype html>\n<html lang="en">\n<head>\n  <title>${title}</title>\n</head>\n<body>\n  <h1>${title}</h1><p>${details}</p>\n</body>\n</html>\n`
}

/** An unknown URL: Django's HTML 404, not DRF's JSON. */
export const HTML_NOT_FOUND: MockResponse = {
  kind: 'html',
  status: 404,
  html: djangoErrorPage('Not Found', 'The requested resource was not found on this server.'),
}

export const HTML_SERVER_ERROR: MockResponse = { kind: 'html', status: 500, html: djangoErrorPage('Server Error (500)', '') }

const METHOD_NOT_ALLOWED = gettextLazy('Method "{method}" not allowed.')
const UNSUPPORTED_MEDIA_TYPE = gettextLazy('Unsupported media type "{media_type}" in request.')

/** DRF's exception messages (translated). Its parsers' texts are not marked for translation (DRF 3.14 and 3.18). */
export const DRF_MESSAGES = {
  notFound: gettextLazy('Not found.'),
  invalidPage: gettextLazy('Invalid page.'),
  permissionDenied: gettextLazy('You do not have permission to perform this action.'),
  notAuthenticated: gettextLazy('Authentication credentials were not provided.'),
  methodNotAllowed: (method: string) => METHOD_NOT_ALLOWED.format({ method }),
  unsupportedMediaType: (mediaType: string) => UNSUPPORTED_MEDIA_TYPE.format({ media_type: mediaType }),
  /** JSONParser: `ParseError('JSON parse error - %s' % str(exc))`, English in every language. */
  parseError: (reason: string) => `JSON parse error - ${reason}`,
} as const
