/** Mounts a screen the way the app does: behind a RouterView, with the real routes, i18n in English. */
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeAll } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError, type FieldErrors } from '@django-jwt/session'
import type { Order } from '@/api/types'
import { i18n, setLocale } from '@/i18n'
import { routes } from '@/router/routes'

// Every mounted screen is unmounted after its test, so its timers and listeners stop with it.
enableAutoUnmount(afterEach)

const Shell = defineComponent({ name: 'TestShell', render: () => h(RouterView) })

/** Loads every lazy page up front, so a navigation in a test does not race a slow first import. */
export async function preloadPages(): Promise<void> {
  await Promise.all(routes.map((route) => (typeof route.component === 'function' ? (route.component as () => Promise<unknown>)() : null)))
}

// The first import of every page (Vite transforms them) takes seconds on a busy machine: not inside a test's 5 s.
beforeAll(() => preloadPages(), 60_000)

export async function mountAt(path: string) {
  await preloadPages()
  await setLocale('en')
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  // Vant's fixed Tabbar measures itself on timers that outlive a test file; AppTabbar.test.ts covers it.
  const wrapper = mount(Shell, { global: { plugins: [router, i18n, pinia], stubs: { AppTabbar: true } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

export function httpError(status: number, body: { detail?: string; fieldErrors?: FieldErrors } = {}): ApiError {
  return new ApiError('http', status, body.detail, undefined, body.fieldErrors ?? {})
}

export function networkError(): ApiError {
  return new ApiError('network', 0, undefined, undefined, {})
}

/** An order shaped like the seed's order `i` of demo (api-contract.md, Seed data). */
export function seedOrder(i: number, overrides: Partial<Order> = {}): Order {
  const names = ['Widget', 'Gadget', 'Sprocket', 'Gizmo', 'Doohickey']
  const statuses = ['pending', 'paid', 'shipped', 'cancelled'] as const
  return {
    id: i,
    number: `SO-${String(i).padStart(6, '0')}`,
    owner: 1,
    item: `${names[(i - 1) % 5]} ${String(i).padStart(2, '0')}`,
    quantity: (i % 5) + 1,
    price: ((125 * i + 99) / 100).toFixed(2),
    status: statuses[(i - 1) % 4] ?? 'pending',
    note: i % 2 ? '' : `Note for order ${i} of demo`,
    created_at: new Date(Date.UTC(2026, 10, 22, 9, i)).toISOString(),
    updated_at: new Date(Date.UTC(2026, 10, 22, 9, i)).toISOString(),
    ...overrides,
  }
}

/** A page of the seed's 25 orders, newest first, as the server paginates them. */
export function seedPage(page: number, pageSize = 10, count = 25) {
  const all = Array.from({ length: count }, (_, index) => seedOrder(count - index))
  const results = all.slice((page - 1) * pageSize, page * pageSize)
  const hasNext = page * pageSize < count
  return {
    count,
    next: hasNext ? `http://localhost/api/orders/?page=${page + 1}&page_size=${pageSize}` : null,
    previous: page > 1 ? 'http://localhost/api/orders/' : null,
    results,
  }
}

/** The field (Vant cell) whose label reads `label`. */
export function fieldByLabel(wrapper: ReturnType<typeof mount>, label: string) {
  const field = wrapper.findAll('.van-field').find((cell) => cell.find('.van-field__label').text() === label)
  if (!field) throw new Error(`no field labelled ${label}`)
  return field
}

export function buttonByText(wrapper: ReturnType<typeof mount>, text: string) {
  const button = wrapper.findAll('button').find((candidate) => candidate.text() === text)
  if (!button) throw new Error(`no button "${text}" in: ${wrapper.findAll('button').map((b) => b.text()).join(', ')}`)
  return button
}
