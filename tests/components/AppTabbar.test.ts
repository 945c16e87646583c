import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/i18n'
import AppTabbar from '@/components/AppTabbar.vue'

const Blank = { render: () => null }

describe('AppTabbar', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('links the orders and the session pages and marks the current one', async () => {
    // Fake timers: Vant's Tabbar re-measures itself 100-300 ms after mounting.
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    await setLocale('en')
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/orders', name: 'orders', component: Blank },
        { path: '/session', name: 'session', component: Blank },
      ],
    })
    await router.push('/session')
    const wrapper = mount(AppTabbar, { global: { plugins: [router, i18n] } })
    const tabs = wrapper.findAll('[role="tab"]')
    expect(wrapper.find('nav').attributes('aria-label')).toBe('Main')
    expect(tabs.map((tab) => tab.text())).toEqual(['Orders', 'Session'])
    expect(tabs.map((tab) => tab.attributes('aria-selected'))).toEqual(['false', 'true'])
    await tabs[0]!.trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('orders'))
    vi.runAllTimers()
    wrapper.unmount()
  })
})
