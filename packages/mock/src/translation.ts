/**
 * gettext_lazy for the mock: a message stays a msgid (plus its str.format arguments) until the response is
 * rendered in the request's language, the way Django renders DRF's and simplejwt's lazy strings.
 * Texts the server never translates (Python's JSON errors, "No data provided") stay plain strings.
 */
import { toLanguage } from './languageNegotiation.js'
import { CURRENT_STACK, type Catalog } from './stack.js'

type FormatArgs = Record<string, string | number> | ReadonlyArray<string | number>
/**
 * Parameters of a %-formatted message: a dict for %(name)s, a tuple for positional %d; a lazy one (a translated
 * verbose_name) is rendered in the same language.
 */
type PercentParams = Record<string, string | number | LazyMessage> | ReadonlyArray<string | number>

/** A server's catalogs by to_language(code) (its stack's, stack.ts); English has none: the msgid is the text. */
export type Catalogs = Readonly<Record<string, Catalog>>

/** Every msgid the mock marks for translation (what makemessages would collect), for the catalog test. */
const MARKED = new Set<string>()

/** A plural message's key in a .mo file, and in ZH_HANS: singular NUL plural (its forms, NUL-separated). */
const PLURAL_SEPARATOR = '\u0000'

/** Python's str.format for the fields these messages use: {name}, {0}, {} and {name:X} (upper-case hex). */
function pythonFormat(text: string, args: FormatArgs): string {
  let auto = 0
  return text.replace(/\{([^{}:]*)(:X)?\}/g, (_match, field: string, hex: string | undefined) => {
    const value = Array.isArray(args) ? args[field === '' ? auto++ : Number(field)] : (args as Record<string, string | number>)[field]
    return hex ? Number(value).toString(16).toUpperCase() : String(value)
  })
}

/** Python's `text % params` for the conversions Django's messages use: %(name)s, %(name)d, %s, %d (a tuple) and %%. */
function percentFormat(text: string, params: Record<string, string | number> | ReadonlyArray<string | number>): string {
  let position = 0
  return text.replace(/%(?:\((\w+)\))?([sd%])/g, (_match, name: string | undefined, conversion: string) => {
    if (conversion === '%') return '%'
    const value = name === undefined ? (params as ReadonlyArray<string | number>)[position++] : (params as Record<string, string | number>)[name]
    return conversion === 'd' ? String(Math.trunc(Number(value))) : String(value)
  })
}

/** The plural form gettext picks: Chinese has one form; English (and the msgids) "n != 1". */
function pluralIndex(language: string, count: number): number {
  return toLanguage(language) === 'zh-hans' ? 0 : count === 1 ? 0 : 1
}

interface Plural {
  plural: string
  count: number
}

export class LazyMessage {
  constructor(
    readonly msgid: string,
    private readonly args?: FormatArgs,
    private readonly percentParams?: PercentParams,
    private readonly plural?: Plural,
  ) {}

  /** _(msgid).format(...) / format_lazy(_(msgid), ...): translated first, then formatted. */
  format(args: FormatArgs): LazyMessage {
    return new LazyMessage(this.msgid, args, undefined, this.plural)
  }

  /** `_(msgid) % params`, or Django's ValidationError(message, params=...), which DRF renders once translated. */
  percent(params: PercentParams): LazyMessage {
    return new LazyMessage(this.msgid, undefined, params, this.plural)
  }

  /** The key of this message in a catalog (a plural message's is singular NUL plural). */
  get catalogKey(): string {
    return this.plural ? `${this.msgid}${PLURAL_SEPARATOR}${this.plural.plural}` : this.msgid
  }

  /** The text in a language, given as Django's code ("zh-hans", "zh-cn" from a cookie, "en"), by a server's catalogs. */
  translate(language: string, catalogs: Catalogs = CURRENT_STACK.catalogs): string {
    const translated = catalogs[toLanguage(language)]?.[this.catalogKey]
    let text: string
    if (this.plural) {
      const forms = translated?.split(PLURAL_SEPARATOR) ?? [this.msgid, this.plural.plural]
      text = forms[Math.min(pluralIndex(translated ? language : 'en', this.plural.count), forms.length - 1)] ?? this.msgid
    } else {
      text = translated ?? this.msgid
    }
    if (this.args) return pythonFormat(text, this.args)
    if (Array.isArray(this.percentParams)) return percentFormat(text, this.percentParams)
    if (this.percentParams) {
      const params = Object.fromEntries(
        Object.entries(this.percentParams).map(([name, value]) => [name, value instanceof LazyMessage ? value.translate(language, catalogs) : value]),
      )
      return percentFormat(text, params)
    }
    return text
  }
}

/** A message Django would translate: declare these at module level, so MARKED lists them all. */
export function gettextLazy(msgid: string): LazyMessage {
  MARKED.add(msgid)
  return new LazyMessage(msgid)
}

/** ngettext(singular, plural, count): the form for `count` in the request's language. */
export function ngettextLazy(singular: string, plural: string, count: number): LazyMessage {
  const message = new LazyMessage(singular, undefined, undefined, { plural, count })
  MARKED.add(message.catalogKey)
  return message
}

/** A message as a response body holds it: translatable, or a plain string the server never translates. */
export type Text = LazyMessage | string

export function markedMsgids(): readonly string[] {
  return [...MARKED]
}

/** JSON.stringify of a response body, every LazyMessage in it rendered in `language` by the server's catalogs. */
export function renderJson(body: unknown, language: string, catalogs: Catalogs): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof LazyMessage ? value.translate(language, catalogs) : value))
}
