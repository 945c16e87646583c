/** request.data as DRF's parsers (JSON, form, multipart) produce it, or the 400/415 they raise. */
import { pythonUtf8Decode } from './python'
import { parsePythonJson, type PythonType } from './pythonJson'
import { validateFields, type FieldSpec } from './fields'
import { DRF_MESSAGES, detailResponse, jsonResponse, type MockResponse } from './responses'

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

export async function parseRequestBody(request: Request): Promise<ParsedBody> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  // An empty body never reaches a parser: DRF hands the view an empty dict.
  if (bytes.length === 0) return { ok: true, data: {}, type: 'dict' }
  const contentType = request.headers.get('content-type') ?? ''
  const mediaType = mediaTypeOf(contentType)
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
): Promise<{ ok: true; values: Record<string, unknown> } | { ok: false; response: MockResponse }> {
  const body = await parseRequestBody(request)
  if (!body.ok) return body
  const result = validateFields(body.data, body.type, specs, partial)
  return result.ok ? result : { ok: false, response: jsonResponse(400, result.errors) }
}
