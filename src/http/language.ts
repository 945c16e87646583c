/**
 * The language API requests ask the server for (Accept-Language), so Django answers in the UI's language.
 * The i18n module sets it whenever the UI language is set: the HTTP layer never imports i18n.
 */
let requestLanguage: string | null = null

/** A BCP 47 tag such as "zh-CN" or "en"; null leaves the header to the browser. */
export function setRequestLanguage(tag: string | null): void {
  requestLanguage = tag
}

export function getRequestLanguage(): string | null {
  return requestLanguage
}
