/**
 * gettext_lazy for the mock: a message stays a msgid (plus its str.format arguments) until the response is
 * rendered in the request's language, the way Django renders DRF's and simplejwt's lazy strings.
 * Texts the server never translates (Python's JSON errors, "No data provided") stay plain strings.
 */
import { ZH_HANS } from './locale/zhHans'
import { toLanguage } from './languageNegotiation'

type FormatArgs = Record<string, string | number> | ReadonlyArray<string | number>

/** The catalogs by to_language(code); English has none: the msgid is the text. */
const CATALOGS: Readonly<Record<string, Readonly<Record<string, string>>>> = { 'zh-hans': ZH_HANS }

/** Every msgid the mock marks for translation (what makemessages would collect), for the catalog test. */
const MARKED = new Set<string>()

/** Python's str.format for the fields these messages use: {name}, {0} and {}. */
function pythonFormat(text: string, args: FormatArgs): string {
  let auto = 0
  return text.replace(/\{([^{}]*)\}/g, (_match, field: string) => {
    const value = Array.isArray(args) ? args[field === '' ? auto++ : Number(field)] : (args as Record<string, string | number>)[field]
    return String(value)
  })
}

export class LazyMessage {
  constructor(
    readonly msgid: string,
    private readonly args?: FormatArgs,
  ) {}

  /** _(msgid).format(...) / format_lazy(_(msgid), ...): translated first, then formatted. */
  format(args: FormatArgs): LazyMessage {
    return new LazyMessage(this.msgid, args)
  }

  /** The text in a language, given as Django's code ("zh-hans", "zh-cn" from a cookie, "en"). */
  translate(language: string): string {
    const text = CATALOGS[toLanguage(language)]?.[this.msgid] ?? this.msgid
    return this.args ? pythonFormat(text, this.args) : text
  }
}

/** A message Django would translate: declare these at module level, so MARKED lists them all. */
export function gettextLazy(msgid: string): LazyMessage {
  MARKED.add(msgid)
  return new LazyMessage(msgid)
}

/** A message as a response body holds it: translatable, or a plain string the server never translates. */
export type Text = LazyMessage | string

export function markedMsgids(): readonly string[] {
  return [...MARKED]
}

/** JSON.stringify of a response body, every LazyMessage in it rendered in `language`. */
export function renderJson(body: unknown, language: string): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof LazyMessage ? value.translate(language) : value))
}
