import { afterEach, describe, expect, it, vi } from 'vitest'
import { detectLocale, LOCALE_STORAGE_KEY, setLocale, startLocale } from '@/i18n'
import { LOCALE_COOKIE } from '@/i18n/locales'

const cookie = () => document.cookie.split('; ').find((pair) => pair.startsWith(`${LOCALE_COOKIE}=`)) ?? null
// An expiry in the past, not Max-Age=0: happy-dom keeps a cookie that expires "now" for the rest of the millisecond.
const clearCookie = () => {
  document.cookie = `${LOCALE_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`
}

describe('the language choice, visible to the server', () => {
  afterEach(() => {
    localStorage.clear()
    clearCookie()
    vi.restoreAllMocks()
  })

  it('setLocale writes the cookie next to localStorage', async () => {
    await setLocale('zh-CN')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN')
    expect(cookie()).toBe(`${LOCALE_COOKIE}=zh-CN`)
    await setLocale('en')
    expect(cookie()).toBe(`${LOCALE_COOKIE}=en`)
  })

  it('startLocale copies a choice saved before the cookie existed, and writes none without a choice', async () => {
    await startLocale()
    expect(cookie()).toBeNull()
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN')
    await startLocale()
    expect(cookie()).toBe(`${LOCALE_COOKIE}=zh-CN`)
  })

  it('detectLocale: localStorage, else the cookie, else the browser', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US'])
    expect(detectLocale()).toBe('en')
    document.cookie = `${LOCALE_COOKIE}=zh-CN; Path=/`
    expect(detectLocale()).toBe('zh-CN')
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en')
    expect(detectLocale()).toBe('en')
  })
})
