/** Contract: the seed data (demo's 25 orders, admin's 3), read through src/api/orders.ts. */
import { describe, expect, it } from 'vitest'
import { listOrders } from '@/api/orders'
import type { Order } from '@/api/types'
import { useMockBackend } from '../../support/mock-backend'
import { ADMIN, login } from './helpers'

useMockBackend()

const NAMES = ['Widget', 'Gadget', 'Sprocket', 'Gizmo', 'Doohickey']
const STATUSES = ['pending', 'paid', 'shipped', 'cancelled']

/** The contract's rule for a user's i-th order. */
function expected(i: number, id: number, owner: number, username: string): Partial<Order> {
  return {
    id,
    number: `SO-${String(id).padStart(6, '0')}`,
    owner,
    item: `${NAMES[(i - 1) % 5]} ${String(i).padStart(2, '0')}`,
    quantity: (i % 5) + 1,
    price: ((125 * i + 99) / 100).toFixed(2),
    status: STATUSES[(i - 1) % 4] as Order['status'],
    note: i % 2 === 0 ? `Note for order ${i} of ${username}` : '',
  }
}

describe('seed data', () => {
  it('gives demo 25 orders, ids 1–25, newest first, built by the contract rule', async () => {
    const { auth } = await login()
    const page = await listOrders({ page_size: 25 }, auth)
    expect(page.count).toBe(25)
    expect(page.results.map((order) => order.number)).toEqual(Array.from({ length: 25 }, (_, k) => `SO-${String(25 - k).padStart(6, '0')}`))
    for (const order of page.results) expect(order).toMatchObject(expected(order.id, order.id, 1, 'demo'))
    expect(page.results.find((order) => order.id === 1)).toMatchObject({ item: 'Widget 01', quantity: 2, price: '2.24', status: 'pending', note: '' })
  })

  it('creates them one minute apart', async () => {
    const { auth } = await login()
    const times = (await listOrders({ page_size: 25 }, auth)).results.map((order) => Date.parse(order.created_at))
    for (let k = 1; k < times.length; k++) expect(Math.round(((times[k - 1] as number) - (times[k] as number)) / 60_000)).toBe(1)
    expect(times[0]).toBeLessThan(Date.now())
  })

  it('gives admin 3 orders, ids 26–28, following the same rule with its own i', async () => {
    const { auth } = await login(ADMIN)
    const page = await listOrders({}, auth)
    expect(page.results.map((order) => order.id)).toEqual([28, 27, 26])
    for (const order of page.results) expect(order).toMatchObject(expected(order.id - 25, order.id, 2, 'admin'))
    expect(page.results[1]).toMatchObject({ item: 'Gadget 02', note: 'Note for order 2 of admin' })
  })
})
