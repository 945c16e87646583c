/** Contract: PageNumberPagination on GET /orders/ (page_size 10, up to 100, page=last, absolute links). */
import { describe, expect, it } from 'vitest'
import { createOrder, listOrders } from '@/api/orders'
import type { AxiosRequestConfig } from 'axios'
import { useMockBackend } from '../../support/mock-backend'
import { ADMIN, login, origin, raw } from './helpers'

const backend = useMockBackend()

const url = (query: string) => `${origin()}/api/orders/${query}`
const ids = (results: Array<{ id: number }>) => results.map((order) => order.id)

describe('GET /orders/ pagination', () => {
  it('gives 10 per page by default with an absolute next link and no previous', async () => {
    const { auth } = await login()
    const page = await listOrders({}, auth)
    expect(page).toMatchObject({ count: 25, next: url('?page=2'), previous: null })
    expect(ids(page.results)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
  })

  it("gives page 2 a previous link without page= at all", async () => {
    const { auth } = await login()
    const page = await listOrders({ page: 2 }, auth)
    expect(page).toMatchObject({ next: url('?page=3'), previous: url('') })
    expect(ids(page.results)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6])
  })

  it('ends with next: null on the last page, which page=last also gives', async () => {
    const { auth } = await login()
    const third = await listOrders({ page: 3 }, auth)
    expect(third).toMatchObject({ next: null, previous: url('?page=2') })
    expect(ids(third.results)).toEqual([5, 4, 3, 2, 1])
    await expect(listOrders({ page: 'last' }, auth)).resolves.toEqual({ ...third, previous: url('?page=2') })
  })

  it('carries page_size along in the links, params sorted like Django', async () => {
    const { auth } = await login()
    const page = await listOrders({ page: 2, page_size: 5 }, auth)
    expect(page).toMatchObject({ count: 25, next: url('?page=3&page_size=5'), previous: url('?page_size=5') })
    expect(ids(page.results)).toEqual([20, 19, 18, 17, 16])
  })

  it('falls back to 10 for page_size 0, negative or not a number, yet the links carry the value given', async () => {
    const { auth } = await login()
    const zero = await listOrders({ page: 1, page_size: 0 }, auth)
    expect(zero.results).toHaveLength(10)
    expect(zero.next).toBe(url('?page=2&page_size=0'))
    const second = await listOrders({ page: 2, page_size: 0 }, auth)
    expect(second.previous).toBe(url('?page_size=0'))
    for (const size of ['-5', 'abc', '2.5']) {
      const response = await raw('GET', `/orders/?page_size=${size}`, { headers: auth.headers as Record<string, string> })
      expect((response.data as { results: unknown[] }).results).toHaveLength(10)
    }
  })

  it('clamps page_size above 100 to 100', async () => {
    const { auth } = await login()
    await Promise.all(Array.from({ length: 80 }, (_, i) => createOrder({ item: `Bulk ${i}`, quantity: 1, price: 1 }, auth)))
    const page = await listOrders({ page_size: 1000 }, auth)
    expect(page.count).toBe(105)
    expect(page.results).toHaveLength(100)
    expect(page.next).toBe(url('?page=2&page_size=1000'))
    expect((await listOrders({ page: 2, page_size: 1000 }, auth)).results).toHaveLength(5)
  })

  it.each([['4'], ['0'], ['-1'], ['abc'], ['1.0']])('answers 404 {"detail":"Invalid page."} for page=%s', async (page) => {
    const { auth } = await login()
    const response = await raw('GET', `/orders/?page=${page}`, { headers: auth.headers as Record<string, string> })
    expect(response.status).toBe(404)
    expect(response.data).toEqual({ detail: 'Invalid page.' })
    await expect(listOrders({ page: page as unknown as number }, auth)).rejects.toMatchObject({ status: 404, detail: 'Invalid page.' })
  })

  it('reads an empty page= as page 1 (DRF 3.15+: query_params.get("page") or 1), also as the last of two', async () => {
    const { auth } = await login()
    for (const query of ['?page=', '?page=2&page=']) {
      const response = await raw('GET', `/orders/${query}`, { headers: auth.headers as Record<string, string> })
      expect(response.status).toBe(200)
      expect(response.data).toMatchObject({ count: 25, next: url('?page=2'), previous: null })
    }
  })

  it('refuses an empty page= as "Invalid page." in the drf-jwt dialect (DRF 3.14 reads it as "")', async () => {
    backend().settings.dialect = 'drf-jwt'
    const now = Math.floor(Date.now() / 1000)
    const token = await backend().signToken({ user_id: 1, username: 'demo', exp: now + 60, email: '', orig_iat: now })
    const response = await raw('GET', '/orders/?page=', { headers: { Authorization: `JWT ${token}` } })
    expect([response.status, response.data]).toEqual([404, { detail: 'Invalid page.' }])
  })

  it('counts only the own orders', async () => {
    const admin = await login(ADMIN)
    const page = await listOrders({}, admin.auth as AxiosRequestConfig)
    expect(page).toMatchObject({ count: 3, next: null, previous: null })
    expect(ids(page.results)).toEqual([28, 27, 26])
  })
})
