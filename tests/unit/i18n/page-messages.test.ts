/**
 * The signed-in pages' messages are a chunk of their own. main.ts resolves the first page (which loads them) while
 * the boot language is still being decided: they must come in that language, not in the fallback.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { LOCALE_STORAGE_KEY, i18n, loadPageMessages, setLocale, startLocale } from '@/i18n'
import en from '@/i18n/locales/en.json'
import enPages from '@/i18n/locales/en.pages.json'
import zhCN from '@/i18n/locales/zh-CN.json'
import zhCNPages from '@/i18n/locales/zh-CN.pages.json'

afterEach(() => localStorage.clear())

describe('page messages', () => {
  it('load in the boot language even when the first page asks before that language is applied', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN')
    // main.ts: the language starts, and the router resolves the first page (/session) before it is applied.
    const language = startLocale()
    const pages = loadPageMessages()
    expect(i18n.global.locale.value).toBe('en') // not applied yet
    await Promise.all([language, pages])
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(i18n.global.t('session.idleLeft')).toBe('无操作自动退出倒计时')
    expect(i18n.global.te('login.submit', 'en')).toBe(false) // English was never loaded
  })

  it('follow a language switch once a signed-in page has loaded them', async () => {
    await setLocale('en')
    expect(i18n.global.t('session.idleLeft')).toBe('Idle sign-out in')
  })

  it("share no top-level key with /login's, so the two chunks add up by a shallow merge, whichever lands first", () => {
    const chunks: Array<[object, object]> = [
      [en, enPages],
      [zhCN, zhCNPages],
    ]
    for (const [login, pages] of chunks) expect(Object.keys(login).filter((key) => key in pages)).toEqual([])
    // Both chunks of both languages are in: /login's keys survived the pages' arrival and the other way round.
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(i18n.global.te('login.submit', locale)).toBe(true)
      expect(i18n.global.te('session.idleLeft', locale)).toBe(true)
    }
  })
})
