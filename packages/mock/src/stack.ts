/**
 * Which real server the mock copies. The project runs two (server/python-env.mjs builds one environment each):
 * simplejwt's dialects on the current stack (server/.venv: Django 5.2, DRF 3.18, simplejwt 5.5, PyJWT 2), and
 * djangorestframework-jwt on the stack it still installs on (server/.venv-drf-jwt: Django 3.2, DRF 3.14,
 * PyJWT 1.7.1). A dialect runs on one of them, so the mock derives its stack from the dialect, here and nowhere
 * else; what the two stacks answer differently is data below, read by the module that does the work.
 */
import type { AuthDialectName } from './types.js'
import { ZH_HANS_CURRENT, ZH_HANS_DRF_JWT } from './locale/zhHans.js'
import type { NegotiationRules } from './languageNegotiation.js'

/** A language's catalog: msgid (a plural's: singular NUL plural) → text. */
export type Catalog = Readonly<Record<string, string>>

export interface ServerStack {
  /** What it runs, for messages and tests. */
  readonly name: string
  /** The catalogs by to_language(code); English has none (the msgid is the text). */
  readonly catalogs: Readonly<Record<string, Catalog>>
  /**
   * DRF 3.15+ passes the message of Django's Http404 on ("No Order matches the given query.", never translated);
   * DRF 3.14 answered every Http404 with its own "Not found.".
   */
  readonly http404KeepsMessage: boolean
  /** DRF 3.15+ reads an empty `page=` as page 1 (`... or 1`); 3.14 took '' for a page number and refused it. */
  readonly emptyPageIsFirst: boolean
  /** Django 4.0+ sends its error pages as "text/html; charset=utf-8"; 3.2 set "text/html" without a charset. */
  readonly errorPageContentType: string
  /** Whether a JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused (413); DRF 3.14 streams JSON past the limit. */
  readonly jsonBodyLimited: boolean
  /** LocaleMiddleware's language negotiation (django/utils/translation/trans_real.py) in this Django. */
  readonly negotiation: NegotiationRules
}

/** server/.venv, with the project's own catalog (server/locale, LOCALE_PATHS). */
export const CURRENT_STACK: ServerStack = {
  name: 'Django 5.2, DRF 3.18, simplejwt 5.5',
  catalogs: { 'zh-hans': ZH_HANS_CURRENT },
  http404KeepsMessage: true,
  emptyPageIsFirst: true,
  errorPageContentType: 'text/html; charset=utf-8',
  jsonBodyLimited: true,
  negotiation: { caseInsensitiveLanguages: true },
}

/** server/.venv-drf-jwt. */
export const DRF_JWT_STACK: ServerStack = {
  name: 'Django 3.2, DRF 3.14, djangorestframework-jwt 1.11',
  catalogs: { 'zh-hans': ZH_HANS_DRF_JWT },
  http404KeepsMessage: false,
  emptyPageIsFirst: false,
  errorPageContentType: 'text/html',
  jsonBodyLimited: false,
  negotiation: { caseInsensitiveLanguages: false },
}

const STACKS: Readonly<Record<AuthDialectName, ServerStack>> = {
  simplejwt: CURRENT_STACK,
  'simplejwt-sliding': CURRENT_STACK,
  'drf-jwt': DRF_JWT_STACK,
}

export function stackOf(dialect: AuthDialectName): ServerStack {
  return STACKS[dialect]
}
