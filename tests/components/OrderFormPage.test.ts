import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOrder, getOrder, updateOrder } from '@/api/orders'
import { confirmAction } from '@/ui/confirm'
import { notify } from '@/ui/notify'
import { fieldByLabel, httpError, mountAt, networkError, seedOrder } from './harness'

vi.mock('@/api/orders', () => ({
  getOrder: vi.fn(),
  createOrder: vi.fn(),
  updateOrder: vi.fn(),
  listOrders: () => new Promise(() => undefined),
}))
vi.mock('@/ui/confirm', () => ({ confirmAction: vi.fn() }))
vi.mock('@/ui/notify', () => ({ notify: vi.fn() }))
vi.mock('@/stores/auth', () => ({ useAuthStore: () => ({ isLoggedIn: true }) }))

type Wrapper = Awaited<ReturnType<typeof mountAt>>['wrapper']

function errorUnder(wrapper: Wrapper, label: string): string {
  const message = fieldByLabel(wrapper, label).find('.van-field__error-message')
  return message.exists() ? message.text() : ''
}

async function save(wrapper: Wrapper) {
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

describe('OrderFormPage', () => {
  beforeEach(() => {
    for (const fn of [getOrder, createOrder, updateOrder, confirmAction]) vi.mocked(fn).mockReset()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('labels every control', async () => {
    const { wrapper } = await mountAt('/orders/new')
    // Vant's ids are all alike under NODE_ENV=test, so check each label sits with its own input (e2e checks getByLabel).
    for (const [label, name] of [['Item', 'item'], ['Price', 'price'], ['Note', 'note']] as const) {
      const field = fieldByLabel(wrapper, label)
      expect(field.find('label').text()).toBe(label)
      expect(field.find(`[name="${name}"]`).attributes('aria-labelledby')).toBeTruthy()
    }
    expect(wrapper.find('label[for="order-quantity"]').text()).toBe('Quantity')
    expect(wrapper.find('#order-quantity').attributes('role')).toBe('spinbutton')
    expect(wrapper.find('.van-stepper__plus').attributes('aria-label')).toBe('Plus one')
    const group = wrapper.find('[role="radiogroup"]')
    expect(wrapper.find(`#${group.attributes('aria-labelledby')}`).text()).toBe('Status')
    expect(group.findAll('[role="radio"]').map((radio) => radio.text())).toEqual(['Pending', 'Paid', 'Shipped', 'Cancelled'])
  })

  it('checks the server rules before sending', async () => {
    const { wrapper } = await mountAt('/orders/new')
    await save(wrapper)
    expect(errorUnder(wrapper, 'Item')).toBe('Please enter the item')
    expect(errorUnder(wrapper, 'Price')).toBe('Please enter the price')

    const cases: Array<[string, string, string]> = [
      ['   ', '1.234', 'At most 2 decimal places'],
      ['x'.repeat(101), '-1', 'Price cannot be negative'],
      ['ok', '12345678901', 'At most 10 digits in total'],
      ['ok', '123456789', 'At most 8 digits before the decimal point'],
      ['ok', 'abc', 'Enter a price like 19.99'],
    ]
    for (const [item, price, priceMessage] of cases) {
      await wrapper.find('[name="item"]').setValue(item)
      await wrapper.find('[name="price"]').setValue(price)
      await save(wrapper)
      expect(errorUnder(wrapper, 'Price')).toBe(priceMessage)
    }
    await wrapper.find('[name="item"]').setValue('   ')
    await save(wrapper)
    expect(errorUnder(wrapper, 'Item')).toBe('Please enter the item')
    await wrapper.find('[name="item"]').setValue('x'.repeat(101))
    await save(wrapper)
    expect(errorUnder(wrapper, 'Item')).toBe('At most 100 characters')
    expect(createOrder).not.toHaveBeenCalled()
  })

  it('creates an order and shows it', async () => {
    vi.mocked(createOrder).mockResolvedValue(seedOrder(26, { item: 'Lamp', price: '10.50', quantity: 3, status: 'paid' }))
    const { wrapper, router } = await mountAt('/orders/new')
    await wrapper.find('[name="item"]').setValue('Lamp')
    await wrapper.find('.van-stepper__plus').trigger('click')
    await wrapper.find('.van-stepper__plus').trigger('click')
    await wrapper.find('[name="price"]').setValue('10.50')
    await wrapper.findAll('[role="radio"]')[1]!.trigger('click')
    await wrapper.find('[name="note"]').setValue('by the window')
    await save(wrapper)
    expect(createOrder).toHaveBeenCalledWith(
      { item: 'Lamp', quantity: 3, price: '10.50', status: 'paid', note: 'by the window' },
      { skipErrorToast: true },
    )
    expect(notify).toHaveBeenCalledWith('Order created', { type: 'success' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/orders/26'), { timeout: 5000 })
  })

  it("puts the server's 400 messages under the matching fields", async () => {
    vi.mocked(createOrder).mockRejectedValue(
      httpError(400, { fieldErrors: { price: ['Ensure that there are no more than 10 digits in total.'], status: ['"bogus" is not a valid choice.'] } }),
    )
    const { wrapper, router } = await mountAt('/orders/new')
    await wrapper.find('[name="item"]').setValue('Lamp')
    await wrapper.find('[name="price"]').setValue('1')
    await save(wrapper)
    expect(errorUnder(wrapper, 'Price')).toBe('Ensure that there are no more than 10 digits in total.')
    expect(wrapper.text()).toContain('"bogus" is not a valid choice.')
    expect(router.currentRoute.value.name).toBe('order-create')
    expect((wrapper.find('[name="item"]').element as HTMLInputElement).value).toBe('Lamp')
  })

  it('says so on the page when the network fails, keeping the input', async () => {
    vi.mocked(createOrder).mockRejectedValue(networkError())
    const { wrapper } = await mountAt('/orders/new')
    await wrapper.find('[name="item"]').setValue('Lamp')
    await wrapper.find('[name="price"]').setValue('2')
    await save(wrapper)
    expect(wrapper.find('[role="alert"]').text()).toBe('Network error: check your connection and try again')
    expect((wrapper.find('[name="price"]').element as HTMLInputElement).value).toBe('2')
  })

  it('edits an existing order with PUT', async () => {
    vi.mocked(getOrder).mockResolvedValue(seedOrder(7))
    vi.mocked(updateOrder).mockImplementation(async (_id, input) => seedOrder(7, { ...input, price: String(input.price) }))
    const { wrapper, router } = await mountAt('/orders/7/edit')
    expect((wrapper.find('[name="item"]').element as HTMLInputElement).value).toBe('Gadget 07')
    expect((wrapper.find('#order-quantity').element as HTMLInputElement).value).toBe('3')
    await wrapper.find('[name="item"]').setValue('Gadget 07 XL')
    await save(wrapper)
    expect(updateOrder).toHaveBeenCalledWith('7', { item: 'Gadget 07 XL', quantity: 3, price: '9.74', status: 'shipped', note: '' }, { skipErrorToast: true })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/orders/7'), { timeout: 5000 })
    expect(notify).toHaveBeenCalledWith('Order saved', { type: 'success' })
  })

  it('shows "not found" when the order to edit does not exist', async () => {
    vi.mocked(getOrder).mockRejectedValue(httpError(404, { detail: 'Not found.' }))
    const { wrapper } = await mountAt('/orders/99/edit')
    expect(wrapper.text()).toContain('Order not found')
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('asks before leaving with unsaved changes, and stays when told to', async () => {
    const { wrapper, router } = await mountAt('/orders/new')
    await router.push('/orders')
    expect(confirmAction).not.toHaveBeenCalled()

    await router.push('/orders/new')
    await flushPromises()
    await wrapper.find('[name="item"]').setValue('half-typed')
    vi.mocked(confirmAction).mockResolvedValueOnce(false)
    await router.push('/orders')
    expect(confirmAction).toHaveBeenCalledWith('Discard changes?', 'You have unsaved changes. Leave this page anyway?')
    expect(router.currentRoute.value.name).toBe('order-create')

    vi.mocked(confirmAction).mockResolvedValueOnce(true)
    await router.push('/orders')
    expect(router.currentRoute.value.name).toBe('orders')
  })
})
