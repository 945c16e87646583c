/** Contract: the orders endpoints through src/api/orders.ts (create, read, PUT, PATCH, DELETE, ownership). */
import { describe, expect, it } from 'vitest'
import { createOrder, deleteOrder, getOrder, listOrders, patchOrder, updateOrder } from '@/api/orders'
import type { OrderInput } from '@/api/types'
import { useMockBackend } from '../../support/mock-backend'
import { ADMIN, login, raw } from './helpers'

useMockBackend()

/** DRF 3.15+ passes Django's Http404 message on for an order that is not the user's (or not there); never translated. */
const NOT_FOUND = { kind: 'http', status: 404, detail: 'No Order matches the given query.' }
/** A pk the query can't even take (ValueError): DRF's bare Http404. */
const NOT_FOUND_BARE = { kind: 'http', status: 404, detail: 'Not found.' }
const INPUT: OrderInput = { item: 'Test item', quantity: 2, price: 19.99 }

describe('POST /orders/', () => {
  it('answers 201 with the order: number SO-%06d, owner, defaults, price as a string', async () => {
    const { auth } = await login()
    const order = await createOrder(INPUT, auth)
    expect(Object.keys(order)).toEqual(['id', 'number', 'owner', 'item', 'quantity', 'price', 'status', 'note', 'created_at', 'updated_at'])
    expect(order).toMatchObject({ id: 29, number: 'SO-000029', owner: 1, item: 'Test item', quantity: 2, price: '19.99', status: 'pending', note: '' })
    expect(order.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/)
    expect(order.updated_at >= order.created_at).toBe(true)
    const raw201 = await raw('POST', '/orders/', { headers: { Authorization: auth.headers?.Authorization as string }, data: INPUT })
    expect(raw201.status).toBe(201)
  })

  it('ignores read-only fields sent by the client', async () => {
    const { auth } = await login()
    const sneaky = { ...INPUT, id: 1, number: 'X', owner: 2, created_at: '2000-01-01T00:00:00Z', updated_at: '2000-01-01T00:00:00Z' }
    const order = await createOrder(sneaky as OrderInput, auth)
    expect(order).toMatchObject({ id: 29, number: 'SO-000029', owner: 1 })
    expect(order.created_at.startsWith('2000')).toBe(false)
  })

  it('keeps status and note when given, and lists the new order first', async () => {
    const { auth } = await login()
    const order = await createOrder({ ...INPUT, price: '0', status: 'paid', note: 'gift' }, auth)
    expect(order).toMatchObject({ status: 'paid', note: 'gift', price: '0.00' })
    const page = await listOrders({}, auth)
    expect(page.count).toBe(26)
    expect(page.results[0]?.id).toBe(order.id)
  })
})

describe('GET /orders/{id}/', () => {
  it('answers the own order', async () => {
    const { auth } = await login()
    await expect(getOrder(7, auth)).resolves.toMatchObject({ id: 7, number: 'SO-000007', owner: 1 })
  })

  it.each([
    ["another user's order", 26],
    ['a missing id', 999],
  ])('answers 404 {"detail":"No Order matches the given query."} for %s', async (_case, id) => {
    const { auth } = await login()
    await expect(getOrder(id, auth)).rejects.toMatchObject(NOT_FOUND)
  })

  it('answers 404 {"detail":"Not found."} for a non-numeric id', async () => {
    const { auth } = await login()
    await expect(getOrder('abc', auth)).rejects.toMatchObject(NOT_FOUND_BARE)
  })

  it('hides demo\'s orders from admin too', async () => {
    const { auth } = await login(ADMIN)
    await expect(getOrder(1, auth)).rejects.toMatchObject(NOT_FOUND)
    await expect(getOrder(26, auth)).resolves.toMatchObject({ owner: 2 })
  })
})

describe('PUT /orders/{id}/', () => {
  it('replaces the writable fields, keeps created_at, moves updated_at', async () => {
    const { auth } = await login()
    const before = await getOrder(3, auth)
    const after = await updateOrder(3, { item: 'Renamed', quantity: 9, price: '1.5', status: 'shipped', note: 'n' }, auth)
    expect(after).toMatchObject({ id: 3, item: 'Renamed', quantity: 9, price: '1.50', status: 'shipped', note: 'n' })
    expect(after.created_at).toBe(before.created_at)
    expect(after.updated_at > before.updated_at).toBe(true)
    await expect(getOrder(3, auth)).resolves.toEqual(after)
  })

  it('requires item, quantity and price', async () => {
    const { auth } = await login()
    await expect(updateOrder(3, { status: 'paid' } as OrderInput, auth)).rejects.toMatchObject({
      status: 400,
      fieldErrors: { item: ['This field is required.'], quantity: ['This field is required.'], price: ['This field is required.'] },
    })
  })

  it('answers 404 for a foreign or missing id before looking at the body', async () => {
    const { auth } = await login()
    await expect(updateOrder(26, INPUT, auth)).rejects.toMatchObject(NOT_FOUND)
    await expect(updateOrder(999, {} as OrderInput, auth)).rejects.toMatchObject(NOT_FOUND)
  })
})

describe('PATCH /orders/{id}/', () => {
  it('changes only the fields sent', async () => {
    const { auth } = await login()
    const before = await getOrder(4, auth)
    const after = await patchOrder(4, { status: 'paid' }, auth)
    expect(after).toEqual({ ...before, status: 'paid', updated_at: after.updated_at })
  })

  it('validates the fields sent', async () => {
    const { auth } = await login()
    await expect(patchOrder(4, { quantity: 0 }, auth)).rejects.toMatchObject({
      status: 400,
      fieldErrors: { quantity: ['Ensure this value is greater than or equal to 1.'] },
    })
    await expect(patchOrder(26, { quantity: 1 }, auth)).rejects.toMatchObject(NOT_FOUND)
  })
})

describe('DELETE /orders/{id}/', () => {
  it('answers 204 with an empty body, and the order is gone', async () => {
    const { auth } = await login()
    const response = await raw('DELETE', '/orders/5/', { headers: { Authorization: auth.headers?.Authorization as string } })
    expect(response.status).toBe(204)
    expect(response.data).toBe('')
    expect(response.headers['content-type']).toBeUndefined()
    await expect(getOrder(5, auth)).rejects.toMatchObject(NOT_FOUND)
    await expect(deleteOrder(6, auth)).resolves.toBeUndefined()
    expect((await listOrders({}, auth)).count).toBe(23)
  })

  it("answers 404 for another user's order and leaves it alone", async () => {
    const { auth } = await login()
    await expect(deleteOrder(27, auth)).rejects.toMatchObject(NOT_FOUND)
    const admin = await login(ADMIN)
    await expect(getOrder(27, admin.auth)).resolves.toMatchObject({ id: 27 })
  })
})
