import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listOrders } from '@/api/orders'
import type { Order, Page } from '@/api/types'
import { announceOrderChange } from '@/api/orderEvents'
import { buttonByText, mountAt, networkError, seedOrder, seedPage } from './harness'

vi.mock('@/api/orders', () => ({ listOrders: vi.fn(), getOrder: () => new Promise(() => undefined) }))
vi.mock('@/stores/auth', () => ({ useAuthStore: () => ({ isLoggedIn: true }) }))
const list = vi.mocked(listOrders)

function rows(wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper']) {
  return wrapper.findAll('.order-row')
}

describe('OrderListPage', () => {
  beforeEach(() => {
    list.mockReset()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows a loading state until the first page arrives', async () => {
    let answer: (page: Page<Order>) => void = () => undefined
    list.mockImplementation(() => new Promise((resolve) => (answer = resolve)))
    const { wrapper } = await mountAt('/orders')
    expect(wrapper.find('[role="feed"]').attributes('aria-busy')).toBe('true')
    expect(wrapper.text()).toContain('Loading…')
    answer(seedPage(1, 10, 3))
    await flushPromises()
    expect(rows(wrapper)).toHaveLength(3)
  })

  it('loads page after page, newest first, up to all 25 orders, with the total', async () => {
    list.mockImplementation(async (query = {}) => seedPage(Number(query.page ?? 1)))
    const { wrapper } = await mountAt('/orders')
    await vi.waitFor(() => expect(rows(wrapper)).toHaveLength(25))
    expect(list.mock.calls.map(([query]) => query)).toEqual([
      { page: 1, page_size: 10 },
      { page: 2, page_size: 10 },
      { page: 3, page_size: 10 },
    ])
    expect(rows(wrapper)[0]?.text()).toContain('SO-000025')
    expect(rows(wrapper)[24]?.text()).toContain('SO-000001')
    expect(wrapper.text()).toContain('Total: 25')
    expect(wrapper.text()).toContain('All orders are shown')
  })

  it('shows each row: number, item, quantity × price, status and local creation time', async () => {
    list.mockResolvedValue({ count: 1, next: null, previous: null, results: [seedOrder(1)] })
    const { wrapper } = await mountAt('/orders')
    const row = rows(wrapper)[0]!
    expect(row.attributes('href')).toBe('/orders/1')
    expect(row.text()).toContain('SO-000001')
    expect(row.text()).toContain('Widget 01')
    expect(row.text()).toContain('2 × 2.24')
    expect(row.find('.status-tag--pending').text()).toBe('Pending')
    const time = row.find('time')
    expect(time.attributes('datetime')).toBe(seedOrder(1).created_at)
    expect(time.text()).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(seedOrder(1).created_at)))
  })

  it('renders server text as text, never as HTML', async () => {
    const item = '<img src=x onerror=alert(1)>'
    list.mockResolvedValue({ count: 1, next: null, previous: null, results: [seedOrder(1, { item })] })
    const { wrapper } = await mountAt('/orders')
    expect(rows(wrapper)[0]?.find('.order-row__item').text()).toBe(item)
    expect(wrapper.find('img[src="x"]').exists()).toBe(false)
  })

  it('has an empty state that offers a new order', async () => {
    list.mockResolvedValue({ count: 0, next: null, previous: null, results: [] })
    const { wrapper } = await mountAt('/orders')
    expect(wrapper.text()).toContain('No orders yet')
    expect(wrapper.text()).toContain('Total: 0')
  })

  it('has an error state whose retry loads again', async () => {
    list.mockRejectedValueOnce(networkError()).mockResolvedValue(seedPage(1, 10, 2))
    const { wrapper } = await mountAt('/orders')
    expect(wrapper.find('[role="alert"]').text()).toContain('Could not load the orders')
    await buttonByText(wrapper, 'Retry').trigger('click')
    await flushPromises()
    expect(rows(wrapper)).toHaveLength(2)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it('opens the form from the "New order" header action', async () => {
    list.mockResolvedValue(seedPage(1, 10, 2))
    const { wrapper, router } = await mountAt('/orders')
    await buttonByText(wrapper, 'New order').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('order-create'), { timeout: 5000 })
  })

  it('updates itself when an order is deleted, saved or created elsewhere, without reloading', async () => {
    list.mockResolvedValue(seedPage(1, 10, 3))
    const { wrapper } = await mountAt('/orders')
    expect(list).toHaveBeenCalledTimes(1)

    announceOrderChange({ kind: 'deleted', id: 2 })
    await flushPromises()
    expect(rows(wrapper).map((row) => row.find('.order-row__number').text())).toEqual(['SO-000003', 'SO-000001'])
    expect(wrapper.text()).toContain('Total: 2')

    announceOrderChange({ kind: 'saved', order: seedOrder(3, { item: 'Renamed' }), created: false })
    announceOrderChange({ kind: 'saved', order: seedOrder(30, { item: 'Brand new' }), created: true })
    await flushPromises()
    expect(rows(wrapper).map((row) => row.find('.order-row__item').text())).toEqual(['Brand new', 'Renamed', 'Widget 01'])
    expect(wrapper.text()).toContain('Total: 3')
    expect(list).toHaveBeenCalledTimes(1)
  })
})
