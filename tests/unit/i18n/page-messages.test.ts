/**
 * The signed-in pages' messages are a chunk of their own. main.ts resolves the first page (which loads them) while
 * the boot language is still being decided: they must come in that language, not in the fallback.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { LOCALE_STORAGE_KEY, i18n, loadPageMessages, setLocale, startLocale } from '@/i18n'

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
})
