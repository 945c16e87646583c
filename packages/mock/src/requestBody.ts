/** request.data as DRF's parsers (JSON, form, multipart) produce it, or the 400/415 they raise. */
import { pythonUtf8Decode } from './python.js'
import { parsePythonJson, type PythonType } from './pythonJson.js'
import { validateFields, type FieldSpec } from './fields.js'
import { DRF_MESSAGES, detailResponse, jsonResponse, type MockResponse } from './responses.js'
import type { ServerStack } from './stack.js'
import { gettextLazy } from './translation.js'

/** Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB, the default). */
export const DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

/** Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (the default) and TooManyFieldsSent's message (English in every language). */
const DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
const TOO_MANY_FIELDS = 'The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.'

/** backend/exceptions.py's answer to Django's RequestDataTooBig (stock: Django's HTML 400). */
const REQUEST_TOO_LARGE = gettextLazy('Request body too large.')

export type ParsedBody = { ok: true; data: unknown; type: PythonType } | { ok: false; response: MockResponse }

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}

/** A QueryDict seen as a dict: the last value of each key (DRF fields read QueryDict[key], the last one). */
function formToObject(form: FormData | URLSearchParams): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  form.forEach((value, key) => {
    Object.defineProperty(result, key, { value: String(value), enumerable: true, writable: true, configurable: true })
  })
  return result
}

export async function parseRequestBody(request: Request, stack?: ServerStack): Promise<ParsedBody> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  // An empty body never reaches a parser: DRF hands the view an empty dict.
  if (bytes.length === 0) return { ok: true, data: {}, type: 'dict' }
  const contentType = request.headers.get('content-type') ?? ''
  const mediaType = mediaTypeOf(contentType)
  // Django reads a form body (and, on the current stack, a JSON one) through HttpRequest.body, which refuses one over
  // DATA_UPLOAD_MAX_MEMORY_SIZE; DRF 3.14 streams JSON past it.
  const limited = mediaType === 'application/x-www-form-urlencoded' || (mediaType === 'application/json' && (stack?.jsonBodyLimited ?? true))
  if (limited && bytes.length > DATA_UPLOAD_MAX_MEMORY_SIZE) {
    return { ok: false, response: jsonResponse(413, { detail: REQUEST_TOO_LARGE, code: 'request_too_large' }) }
  }
  const text = new TextDecoder().decode(bytes)
  if (mediaType === 'application/json') {
    // Decoded as Python does (BOM kept, its UnicodeDecodeError text), not as Request.text() would.
    const decoded = pythonUtf8Decode(bytes)
    if (!decoded.ok) return { ok: false, response: detailResponse(400, DRF_MESSAGES.parseError(decoded.message)) }
    const parsed = parsePythonJson(decoded.text)
    if (!parsed.ok) return { ok: false, response: detailResponse(400, DRF_MESSAGES.parseError(parsed.message)) }
    return { ok: true, data: parsed.value, type: parsed.type }
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    // Django's limited_parse_qsl: more than DATA_UPLOAD_MAX_NUMBER_FIELDS pairs is TooManyFieldsSent, which
    // backend/exceptions.py answers as DRF's ParseError (stock: Django's HTML 400).
    if (text.split('&').length > DATA_UPLOAD_MAX_NUMBER_FIELDS) return { ok: false, response: detailResponse(400, TOO_MANY_FIELDS) }
    return { ok: true, data: formToObject(new URLSearchParams(text)), type: 'dict' }
  }
  if (mediaType === 'multipart/form-data') {
    try {
      const form = await new Response(text, { headers: { 'content-type': contentType } }).formData()
      return { ok: true, data: formToObject(form), type: 'dict' }
    } catch {
      return { ok: false, response: detailResponse(400, 'Multipart form parse error - Invalid boundary in multipart: None') }
    }
  }
  return { ok: false, response: detailResponse(415, DRF_MESSAGES.unsupportedMediaType(contentType)) }
}

/**
 * `serializer.is_valid(raise_exception=True)` on request.data: the validated values, or the response DRF sends
 * instead (the parser's 400/415, or 400 with every field's errors).
 */
export async function validatedRequest(
  request: Request,
  specs: Record<string, FieldSpec>,
  partial = false,
  stack?: ServerStack,
): Promise<{ ok: true; values: Record<string, unknown> } | { ok: false; response: MockResponse }> {
  const body = await parseRequestBody(request, stack)
  if (!body.ok) return body
  const result = validateFields(body.data, body.type, specs, partial)
  return result.ok ? result : { ok: false, response: jsonResponse(400, result.errors) }
}
