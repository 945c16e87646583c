/**
 * Which language a request gets: Django 5.2's LocaleMiddleware (translation.get_language_from_request, non-strict
 * get_supported_language_variant) as in django/utils/translation/trans_real.py, with the reference server's
 * LANGUAGES and no i18n_patterns. Django 3.2.25 (the drf-jwt stack, stack.ts) differs in one way that
 * shows with these two LANGUAGES, given as NegotiationRules. (It also tries only the part before a code's first
 * "-" rather than every prefix, and does not cap a cookie's code at 500 characters; with "en" and "zh-hans" either
 * way ends in the same language, tests/differential/language.test.ts shows.)
 */

/** Where Django 3.2.25's lookup answers otherwise than Django 5.2's. */
export interface NegotiationRules {
  /** 5.2 compares a code with LANGUAGES case-insensitively (a cookie ZH-HANS is zh-hans); 3.2 as written (not found). */
  caseInsensitiveLanguages: boolean
}

/** Django 5.2's rules, what a caller that names none gets. */
const DJANGO_5_2: NegotiationRules = { caseInsensitiveLanguages: true }

/** settings.LANGUAGES, in order: the non-strict lookup takes the first code that shares the prefix. */
export const LANGUAGES = ['en', 'zh-hans'] as const
/** settings.LANGUAGE_CODE: what a request that asks for nothing we have gets. */
export const LANGUAGE_CODE = 'en'
/** settings.LANGUAGE_COOKIE_NAME: read before Accept-Language. */
export const LANGUAGE_COOKIE_NAME = 'django_language'

/** trans_real.LANGUAGE_CODE_MAX_LENGTH (3.2.25: ACCEPT_LANGUAGE_HEADER_MAX_LENGTH, the same cap for the header). */
const LANGUAGE_CODE_MAX_LENGTH = 500

/** The "fallback" entries of django.conf.locale.LANG_INFO. */
const LANG_INFO_FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'zh-cn': ['zh-hans'],
  'zh-hk': ['zh-hant'],
  'zh-mo': ['zh-hant'],
  'zh-my': ['zh-hans'],
  'zh-sg': ['zh-hans'],
  'zh-tw': ['zh-hant'],
}

/** accept_language_re: a language range, an optional q, then a comma or the end. */
const ACCEPT_LANGUAGE_RE = /([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)(?:\s*;\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?(?:\s*,\s*|$)/
/** language_code_re */
const LANGUAGE_CODE_RE = /^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$/i

/** _parse_accept_lang_header: [range, q] by q, highest first (stable); [] if any part is malformed. */
function parseAcceptLangHeaderUncapped(header: string): Array<[string, number]> {
  // re.split with two groups: [text, range, q, text, range, q, ..., text]; every text must be empty.
  const pieces = header.toLowerCase().split(new RegExp(ACCEPT_LANGUAGE_RE.source, 'g'))
  if (pieces.at(-1)) return []
  const result: Array<[string, number]> = []
  for (let i = 0; i < pieces.length - 1; i += 3) {
    const [first, range, q] = pieces.slice(i, i + 3)
    if (first) return []
    result.push([range as string, q ? Number(q) : 1])
  }
  return result.sort((a, b) => b[1] - a[1])
}

/** parse_accept_lang_header: a header over the cap is cut at its last comma before it, or ignored. */
export function parseAcceptLanguage(header: string): Array<[string, number]> {
  if (header.length <= LANGUAGE_CODE_MAX_LENGTH) return parseAcceptLangHeaderUncapped(header)
  const comma = header.lastIndexOf(',', LANGUAGE_CODE_MAX_LENGTH - 1)
  return comma > 0 ? parseAcceptLangHeaderUncapped(header.slice(0, comma)) : []
}

/**
 * _get_supported_language_variant(code, strict=False): the code, its LANG_INFO fallbacks, its prefixes;
 * failing those, the first supported code that starts with the most generic one plus "-" (zh-tw gets zh-hans).
 * (check_for_language always holds here: both supported languages have catalogs.)
 */
function supportedVariant(code: string, rules: NegotiationRules): string | undefined {
  const candidates = [code, ...(LANG_INFO_FALLBACKS[code] ?? [])]
  // while (i := code.rfind("-", 0, i)) > -1: every prefix, longest first
  for (let dash = code.lastIndexOf('-'); dash > -1; dash = dash > 0 ? code.lastIndexOf('-', dash - 1) : -1) candidates.push(code.slice(0, dash))
  const supported: readonly string[] = LANGUAGES
  const found = candidates.find((candidate) => supported.includes(rules.caseInsensitiveLanguages ? candidate.toLowerCase() : candidate))
  if (found !== undefined) return found
  const generic = candidates.at(-1) as string
  return LANGUAGES.find((language) => language.startsWith(`${generic}-`))
}

/** get_supported_language_variant(code): undefined where Django raises LookupError. */
export function supportedLanguageVariant(code: string | undefined, rules: NegotiationRules = DJANGO_5_2): string | undefined {
  if (!code) return undefined
  if (code.length <= LANGUAGE_CODE_MAX_LENGTH) return supportedVariant(code, rules)
  const dash = code.lastIndexOf('-', LANGUAGE_CODE_MAX_LENGTH - 1)
  return dash > 0 ? supportedVariant(code.slice(0, dash), rules) : undefined
}

export interface LanguageRequest {
  /** The Accept-Language header, null when absent. */
  acceptLanguage: string | null
  /** The django_language cookie, undefined when absent. */
  cookie?: string
}

/** get_language_from_request(request): the cookie (exact or a variant), then Accept-Language by q, then LANGUAGE_CODE. */
export function languageFromRequest({ acceptLanguage, cookie }: LanguageRequest, rules: NegotiationRules = DJANGO_5_2): string {
  if (cookie !== undefined && (LANGUAGES as readonly string[]).includes(cookie)) return cookie
  const fromCookie = supportedLanguageVariant(cookie, rules)
  if (fromCookie !== undefined) return fromCookie
  for (const [range] of parseAcceptLanguage(acceptLanguage ?? '')) {
    if (range === '*') break
    if (!LANGUAGE_CODE_RE.test(range)) continue
    const variant = supportedLanguageVariant(range, rules)
    if (variant !== undefined) return variant
  }
  return supportedLanguageVariant(LANGUAGE_CODE, rules) ?? LANGUAGE_CODE
}

/** translation.to_language(code): what get_language() reports, i.e. the Content-Language header ("zh-hans"). */
export function toLanguage(code: string): string {
  const underscore = code.indexOf('_')
  return underscore >= 0 ? `${code.slice(0, underscore).toLowerCase()}-${code.slice(underscore + 1).toLowerCase()}` : code.toLowerCase()
}

/** http.cookies._unquote: a "quoted" value loses its quotes and its \" and \012 escapes. */
function unquoteCookieValue(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value
  return value.slice(1, -1).replace(/\\(?:([0-3][0-7][0-7])|(.))/g, (_match, octal: string | undefined, char: string) =>
    octal ? String.fromCharCode(parseInt(octal, 8)) : char,
  )
}

/** django.http.cookie.parse_cookie(header)[name]: split on ";", trimmed, the last one of a name wins. */
export function cookieFromHeader(header: string, name: string): string | undefined {
  let value: string | undefined
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=')
    const key = (eq === -1 ? '' : chunk.slice(0, eq)).trim()
    const raw = (eq === -1 ? chunk : chunk.slice(eq + 1)).trim()
    if ((key || raw) && key === name) value = unquoteCookieValue(raw)
  }
  return value
}
