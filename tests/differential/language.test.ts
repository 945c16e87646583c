/**
 * Differential: which language the server answers in (tests/unit/contract/language-negotiation.test.ts, whose
 * table Django printed, and the requests of chinese.test.ts the other files don't make). Each request names its
 * own Accept-Language or cookie, so the case's language only changes what the other requests send.
 */
import { describeDifferential, type Scenario } from './harness'
import { accessToken, authorization, newJti, nowSeconds } from './helpers'

/** The unit test's Accept-Language values (null: no header). */
const ACCEPT_LANGUAGES: Array<string | null> = [
  null,
  '',
  'en',
  'en-US',
  'en-us,en;q=0.9',
  'zh-CN',
  'zh-cn',
  'ZH-CN',
  'zh',
  'zh-Hans',
  'zh-hans-cn',
  'zh-TW',
  'zh-Hant',
  'zh-HK',
  'zh-SG',
  'zh-Hant-TW',
  'fr',
  'fr-FR,fr;q=0.9',
  'fr,zh;q=0.5',
  'fr;q=0.9,zh-CN;q=0.8,en;q=0.7',
  'en;q=0.5,zh-CN',
  'zh-CN;q=0.5,en;q=0.5',
  'en;q=0.5,zh-CN;q=0.5',
  '*',
  '*,zh-CN',
  'fr,*;q=0.9,zh',
  'zh;q=0',
  'fr,zh;q=0',
  'zh-CN;q=1.5',
  'zh-CN;q=0.1234',
  'zh-CN;q=0.123',
  'zh-CN ; q = 0.5',
  'zh-CN;Q=0.5',
  'zh_CN',
  'zh-CN,',
  ',zh-CN',
  'zh-CN,,en',
  'zh-CN, en',
  'de-DE, zh-SG',
  'es-419,zh',
  'x-klingon,zh',
  'toolonglang,zh',
  'i-default,zh',
  'en-gb-oed;q=0.8, zh',
  'aaaaaaaaa,zh',
  'zh-abcdefghi',
  'zh-aaaaaaaa',
  `${'fr,'.repeat(200)}zh`,
  `zh,${'fr,'.repeat(200)}`,
  `zh-${'ab-'.repeat(170)}cd`,
  `en-${'ab-'.repeat(170)}cd, zh`,
]

/** The unit test's [Accept-Language, django_language cookie value] pairs. */
const COOKIES: Array<[string, string]> = [
  ['en', 'zh-hans'],
  ['en', 'zh-cn'],
  ['en', 'ZH-HANS'],
  ['en', 'zh_Hans'],
  ['en', 'fr'],
  ['zh-CN', 'en'],
  ['zh-CN', 'en-gb'],
  ['zh-CN', ''],
  ['en', 'zh'],
  ['en', 'zh-tw'],
  ['en', 'zh-'],
  ['en', '-zh'],
  // Over 500 characters: Django 5.2 cuts the code at its last "-" before, 3.2.25 takes it whole (the same language).
  ['en', `zh-${'ab-'.repeat(170)}cd`],
  ['en', `${'x'.repeat(600)}-zh`],
]

/** The unit test's Cookie headers (how django.http.cookie.parse_cookie reads them), sent with Accept-Language: en. */
const COOKIE_HEADERS = [
  'django_language=zh-Hans-CN',
  'django_language=zh-hans',
  'django_language="zh-hans"',
  'django_language=zh-hans; django_language=en',
  'django_language=en; django_language=zh-hans',
  ' django_language = zh-cn ;x=1',
  'django_language=',
  'Django_Language=zh-hans',
  'django_language="zh\\055hans"',
]

const shown = (value: string) => (value.length > 40 ? `${JSON.stringify(value.slice(0, 20))}… (${value.length} characters)` : JSON.stringify(value))

/** LocaleMiddleware's choice, on an answer every dialect gives alike (401 "not provided"). */
function negotiationCases(differential: (name: string, scenario: Scenario) => void): void {
  for (const acceptLanguage of ACCEPT_LANGUAGES) {
    differential(`Accept-Language ${acceptLanguage === null ? 'absent' : shown(acceptLanguage)}`, async (api) => {
      await api.request('GET', '/me/', { headers: { 'Accept-Language': acceptLanguage } })
    })
  }

  for (const [acceptLanguage, cookie] of COOKIES) {
    differential(`Accept-Language ${acceptLanguage}, django_language=${shown(cookie)}`, async (api) => {
      await api.request('GET', '/me/', { headers: { 'Accept-Language': acceptLanguage, Cookie: `django_language=${cookie}` } })
    })
  }

  for (const cookie of COOKIE_HEADERS) {
    differential(`Cookie: ${shown(cookie)}`, async (api) => {
      await api.request('GET', '/me/', { headers: { 'Accept-Language': 'en', Cookie: cookie } })
    })
  }
}

describeDifferential('the language of the answers', {}, (differential) => {
  negotiationCases(differential)

  differential('a token without exp names the claim inside the sentence', async (api) => {
    const token = await api.sign({ token_type: 'access', jti: newJti(), user_id: 1 })
    await api.request('GET', '/me/', { authorization: `JWT ${token}` })
  })

  differential('every kind of answer carries Content-Language and Vary', async (api) => {
    const demo = await authorization(api)
    const created = await api.request('POST', '/orders/', { json: { item: 'Thing', quantity: 1, price: 1 }, authorization: demo })
    await api.request('GET', '/orders/?page_size=1', { authorization: demo })
    await api.request('POST', '/orders/', { json: {}, authorization: demo })
    await api.request('GET', '/me/')
    await api.request('GET', '/orders/9999/', { authorization: demo })
    await api.request('GET', '/orders/?page=99', { authorization: demo })
    await api.request('GET', '/token/')
    await api.request('DELETE', `/orders/${String(created.data.id)}/`, { authorization: demo })
    await api.request('OPTIONS', '/token/')
    await api.request('GET', '/nope/')
    await api.request('GET', '/orders')
  })

  differential('a token endpoint and an expired token, in the language asked', async (api) => {
    const exp = nowSeconds() - 1
    const expired = await api.sign({ token_type: 'access', exp, iat: exp - 300, jti: newJti(), user_id: 1 })
    await api.request('POST', '/token/verify/', { json: { token: expired } })
    await api.request('GET', '/me/', { authorization: `JWT ${expired}` })
    await api.request('GET', '/me/', { authorization: `JWT ${await accessToken(api)}` })
  })
})

// The drf-jwt dialect's Django 3.2.25 negotiates otherwise in places (packages/mock/src/languageNegotiation.ts).
describeDifferential('the language of the answers on Django 3.2 (drf-jwt)', { dialect: 'drf-jwt' }, (differential) => {
  negotiationCases(differential)

  differential('every kind of answer carries Content-Language and Vary', async (api) => {
    await api.request('GET', '/me/')
    await api.request('GET', '/api-token-auth/')
    await api.request('POST', '/api-token-auth/', { json: {} })
    await api.request('OPTIONS', '/api-token-auth/')
    await api.request('GET', '/nope/')
    await api.request('GET', '/orders')
  })
})
