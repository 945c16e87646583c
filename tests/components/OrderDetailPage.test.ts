import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deleteOrder, getOrder } from '@/api/orders'
import { confirmAction } from '@/ui/confirm'
import { onOrderChange, type OrderChange } from '@/api/orderEvents'
import { notify } from '@/ui/notify'
import { buttonByText, httpError, mountAt, networkError, seedOrder } from './harness'

vi.mock('@/api/orders', () => ({ getOrder: vi.fn(), deleteOrder: vi.fn(), listOrders: () => new Promise(() => undefined) }))
vi.mock('@/ui/confirm', () => ({ confirmAction: vi.fn() }))
vi.mock('@/ui/notify', () => ({ notify: vi.fn() }))
vi.mock('@/stores/auth', () => ({ useAuthStore: () => ({ isLoggedIn: true }) }))

describe('OrderDetailPage', () => {
  beforeEach(() => {
    vi.mocked(getOrder).mockReset()
    vi.mocked(deleteOrder).mockReset()
    vi.mocked(confirmAction).mockReset()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows every field of the order', async () => {
    vi.mocked(getOrder).mockResolvedValue(seedOrder(2))
    const { wrapper } = await mountAt('/orders/2')
    expect(getOrder).toHaveBeenCalledWith('2')
    const text = wrapper.text()
    for (const expected of ['SO-000002', 'Gadget 02', 'Quantity3', 'Price3.49', 'Paid', 'Note for order 2 of demo', 'Created', 'Updated']) {
      expect(text).toContain(expected)
    }
    expect(buttonByText(wrapper, 'Edit').exists()).toBe(true)
    expect(buttonByText(wrapper, 'Delete').exists()).toBe(true)
  })

  it('shows a loading state first', async () => {
    vi.mocked(getOrder).mockReturnValue(new Promise(() => undefined))
    const { wrapper } = await mountAt('/orders/2')
    expect(wrapper.find('[role="status"]').text()).toBe('Loading…')
  })

  it('shows "not found" for an unknown or foreign order (404)', async () => {
    vi.mocked(getOrder).mockRejectedValue(httpError(404, { detail: 'Not found.' }))
    const { wrapper, router } = await mountAt('/orders/26')
    expect(wrapper.text()).toContain('Order not found')
    await buttonByText(wrapper, 'Back to orders').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('orders'), { timeout: 5000 })
  })

  it('offers a retry when loading fails for another reason', async () => {
    vi.mocked(getOrder).mockRejectedValueOnce(networkError()).mockResolvedValue(seedOrder(3))
    const { wrapper } = await mountAt('/orders/3')
    expect(wrapper.find('[role="alert"]').text()).toContain('Could not load this order.')
    await buttonByText(wrapper, 'Retry').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('Sprocket 03')
  })

  it('renders an item that looks like HTML as its characters', async () => {
    const item = '<img src=x onerror=alert(1)>'
    vi.mocked(getOrder).mockResolvedValue(seedOrder(1, { item }))
    const { wrapper } = await mountAt('/orders/1')
    expect(wrapper.text()).toContain(item)
    expect(wrapper.find('img[src="x"]').exists()).toBe(false)
  })

  it('deletes only after confirmation, tells the list, and goes back to it', async () => {
    vi.mocked(getOrder).mockResolvedValue(seedOrder(4))
    vi.mocked(deleteOrder).mockResolvedValue()
    const changes: OrderChange[] = []
    const stop = onOrderChange((change) => changes.push(change))
    const { wrapper, router } = await mountAt('/orders/4')

    vi.mocked(confirmAction).mockResolvedValueOnce(false)
    await buttonByText(wrapper, 'Delete').trigger('click')
    await flushPromises()
    expect(confirmAction).toHaveBeenCalledWith('Delete this order?', 'SO-000004 will be deleted. This cannot be undone.')
    expect(deleteOrder).not.toHaveBeenCalled()

    vi.mocked(confirmAction).mockResolvedValueOnce(true)
    await buttonByText(wrapper, 'Delete').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('orders'), { timeout: 5000 })
    expect(deleteOrder).toHaveBeenCalledWith(4)
    expect(changes).toEqual([{ kind: 'deleted', id: 4 }])
    expect(notify).toHaveBeenCalledWith('Order deleted', { type: 'success' })
    stop()
  })

  it('goes to the edit form', async () => {
    vi.mocked(getOrder).mockResolvedValue(seedOrder(5))
    const { wrapper, router } = await mountAt('/orders/5')
    await buttonByText(wrapper, 'Edit').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/orders/5/edit'), { timeout: 5000 })
  })
})
