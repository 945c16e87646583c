/**
 * The mock's LocaleMiddleware against Django's: every expected value below was printed by Django 5.2.19 (the
 * server's environment, server/.venv) with LANGUAGES = [en, zh-hans], LANGUAGE_CODE = "en":
 * translation.get_language_from_request(request) and the Content-Language header LocaleMiddleware set, for the same
 * Accept-Language / django_language cookie. Django 3.2.25 (server/.venv-drf-jwt, the drf-jwt stack) printed the
 * same for every row but one (DJANGO_3_2).
 */
import { describe, expect, it } from 'vitest'
import { LANGUAGE_COOKIE_NAME, cookieFromHeader, languageFromRequest, parseAcceptLanguage, toLanguage } from '../../../packages/mock/src/languageNegotiation'
import { CURRENT_STACK, DRF_JWT_STACK } from '../../../packages/mock/src/stack'

// [Accept-Language (null: no header), django_language cookie (undefined: none), Django's language]
const DJANGO_5_2: Array<[string | null, string | undefined, string]> = [
  [null, undefined, 'en'],
  ['', undefined, 'en'],
  ['en', undefined, 'en'],
  ['en-US', undefined, 'en'],
  ['en-us,en;q=0.9', undefined, 'en'],
  ['zh-CN', undefined, 'zh-hans'],
  ['zh-cn', undefined, 'zh-hans'],
  ['ZH-CN', undefined, 'zh-hans'],
  ['zh', undefined, 'zh-hans'],
  ['zh-Hans', undefined, 'zh-hans'],
  ['zh-hans-cn', undefined, 'zh-hans'],
  // zh-tw's LANG_INFO fallback zh-hant is not offered; the non-strict rule then takes the first zh-* language.
  ['zh-TW', undefined, 'zh-hans'],
  ['zh-Hant', undefined, 'zh-hans'],
  ['zh-HK', undefined, 'zh-hans'],
  ['zh-SG', undefined, 'zh-hans'],
  ['zh-Hant-TW', undefined, 'zh-hans'],
  ['fr', undefined, 'en'],
  ['fr-FR,fr;q=0.9', undefined, 'en'],
  ['fr,zh;q=0.5', undefined, 'zh-hans'],
  ['fr;q=0.9,zh-CN;q=0.8,en;q=0.7', undefined, 'zh-hans'],
  ['en;q=0.5,zh-CN', undefined, 'zh-hans'],
  // Equal q: the order given (a stable sort).
  ['zh-CN;q=0.5,en;q=0.5', undefined, 'zh-hans'],
  ['en;q=0.5,zh-CN;q=0.5', undefined, 'en'],
  // "*" ends the search: what follows it by q is never looked at.
  ['*', undefined, 'en'],
  ['*,zh-CN', undefined, 'en'],
  ['fr,*;q=0.9,zh', undefined, 'zh-hans'],
  // q=0 is not "refused" for Django: it only sorts last.
  ['zh;q=0', undefined, 'zh-hans'],
  ['fr,zh;q=0', undefined, 'zh-hans'],
  // Any malformed part voids the whole header.
  ['zh-CN;q=1.5', undefined, 'en'],
  ['zh-CN;q=0.1234', undefined, 'en'],
  ['zh-CN;q=0.123', undefined, 'zh-hans'],
  ['zh-CN ; q = 0.5', undefined, 'en'],
  ['zh-CN;Q=0.5', undefined, 'zh-hans'],
  ['zh_CN', undefined, 'en'],
  ['zh-CN,', undefined, 'zh-hans'],
  [',zh-CN', undefined, 'en'],
  ['zh-CN,,en', undefined, 'en'],
  ['zh-CN, en', undefined, 'zh-hans'],
  ['de-DE, zh-SG', undefined, 'zh-hans'],
  ['es-419,zh', undefined, 'zh-hans'],
  ['x-klingon,zh', undefined, 'zh-hans'],
  ['toolonglang,zh', undefined, 'en'],
  ['i-default,zh', undefined, 'zh-hans'],
  ['en-gb-oed;q=0.8, zh', undefined, 'zh-hans'],
  ['aaaaaaaaa,zh', undefined, 'en'],
  ['zh-abcdefghi', undefined, 'en'],
  ['zh-aaaaaaaa', undefined, 'zh-hans'],
  // Over 500 characters: cut at the last comma before the limit, or ignored.
  [`${'fr,'.repeat(200)}zh`, undefined, 'en'],
  [`zh,${'fr,'.repeat(200)}`, undefined, 'zh-hans'],
  [`zh-${'ab-'.repeat(170)}cd`, undefined, 'en'],
  [`en-${'ab-'.repeat(170)}cd, zh`, undefined, 'en'],
  // The cookie comes first: a listed code as is, else its variant; '' and unknown codes fall through.
  ['en', 'zh-hans', 'zh-hans'],
  ['en', 'zh-cn', 'zh-hans'],
  // 5.2 compares with LANGUAGES case-insensitively and answers the code as given (Content-Language: zh-hans).
  ['en', 'ZH-HANS', 'ZH-HANS'],
  ['en', 'zh_Hans', 'en'],
  ['en', 'fr', 'en'],
  ['zh-CN', 'en', 'en'],
  ['zh-CN', 'en-gb', 'en'],
  ['zh-CN', '', 'zh-hans'],
  ['en', 'zh', 'zh-hans'],
  ['en', 'zh-tw', 'zh-hans'],
  ['en', 'zh-', 'zh-hans'],
  ['en', '-zh', 'en'],
]

/** What Django 3.2.25 printed: the same but for the cookie ZH-HANS, which it looks up in LANGUAGES as written (no match). */
const DJANGO_3_2 = DJANGO_5_2.map(([acceptLanguage, cookie, language]): [string | null, string | undefined, string] => [
  acceptLanguage,
  cookie,
  cookie === 'ZH-HANS' ? 'en' : language,
])

describe('languageFromRequest (Django 5.2 get_language_from_request)', () => {
  it.each(DJANGO_5_2)('Accept-Language %j, cookie %j: %s', (acceptLanguage, cookie, language) => {
    expect(languageFromRequest({ acceptLanguage, cookie })).toBe(language)
    expect(languageFromRequest({ acceptLanguage, cookie }, CURRENT_STACK.negotiation)).toBe(language)
  })

  it.each(DJANGO_3_2)('on Django 3.2.25 (drf-jwt): Accept-Language %j, cookie %j: %s', (acceptLanguage, cookie, language) => {
    expect(languageFromRequest({ acceptLanguage, cookie }, DRF_JWT_STACK.negotiation)).toBe(language)
  })

  it.each([
    ['en', 'en'],
    ['zh-hans', 'zh-hans'],
    ['ZH-HANS', 'zh-hans'],
    ['EN', 'en'],
  ])('Content-Language for %s is %s (translation.to_language)', (language, header) => {
    expect(toLanguage(language)).toBe(header)
  })

  it('parses q-values and keeps the order given among equals', () => {
    expect(parseAcceptLanguage('da, en-gb;q=0.8, en;q=0.7, *;q=0.1, zh;q=0.8')).toEqual([
      ['da', 1],
      ['en-gb', 0.8],
      ['zh', 0.8],
      ['en', 0.7],
      ['*', 0.1],
    ])
  })
})

describe('the django_language cookie (django.http.cookie.parse_cookie)', () => {
  // [Cookie header, the value Django reads, the language with Accept-Language: en]
  it.each([
    ['django_language=zh-hans', 'zh-hans', 'zh-hans'],
    ['django_language="zh-hans"', 'zh-hans', 'zh-hans'],
    ['django_language=zh-hans; django_language=en', 'en', 'en'],
    ['django_language=en; django_language=zh-hans', 'zh-hans', 'zh-hans'],
    [' django_language = zh-cn ;x=1', 'zh-cn', 'zh-hans'],
    ['django_language=', '', 'en'],
    ['Django_Language=zh-hans', undefined, 'en'],
    ['django_language="zh\\055hans"', 'zh-hans', 'zh-hans'],
  ])('%j reads %j: %s', (header, value, language) => {
    const cookie = cookieFromHeader(header, LANGUAGE_COOKIE_NAME)
    expect(cookie).toBe(value)
    expect(languageFromRequest({ acceptLanguage: 'en', cookie })).toBe(language)
  })
})
