/** What a mock view answers, as plain data; the router turns it into a Response with Django's headers. */

export type MockResponse =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'empty'; status: number }
  | { kind: 'html'; status: number; html: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'network-error' }

export function jsonResponse(status: number, body: unknown): MockResponse {
  return { kind: 'json', status, body }
}

export function detailResponse(status: number, detail: string): MockResponse {
  return jsonResponse(status, { detail })
}

export const NO_CONTENT: MockResponse = { kind: 'empty', status: 204 }

/** Django's built-in error page (DEBUG off, no 404.html / 500.html template). */
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

export const DRF_MESSAGES = {
  notFound: 'Not found.',
  invalidPage: 'Invalid page.',
  permissionDenied: 'You do not have permission to perform this action.',
  notAuthenticated: 'Authentication credentials were not provided.',
  methodNotAllowed: (method: string) => `Method "${method}" not allowed.`,
  unsupportedMediaType: (contentType: string) => `Unsupported media type "${contentType}" in request.`,
  parseError: (reason: string) => `JSON parse error - ${reason}`,
} as const
