/** Contract: 400 validation bodies for orders, field by field, through src/api/orders.ts (and raw() for exact bodies). */
import { describe, expect, it } from 'vitest'
import { createOrder } from '@/api/orders'
import type { OrderInput } from '@/api/types'
import { useMockBackend } from '../../support/mock-backend'
import { login, raw } from './helpers'

useMockBackend()

const VALID = { item: 'Thing', quantity: 1, price: '1.00' }

async function post(body: unknown) {
  const { auth } = await login()
  // An explicit JSON type: axios would send a bare string as a form otherwise.
  const headers = { ...(auth.headers as Record<string, string>), 'Content-Type': 'application/json' }
  return raw('POST', '/orders/', { headers, data: body })
}

describe('POST /orders/ validation', () => {
  it('names every missing required field', async () => {
    const response = await post({})
    expect(response.status).toBe(400)
    expect(response.data).toEqual({
      item: ['This field is required.'],
      quantity: ['This field is required.'],
      price: ['This field is required.'],
    })
  })

  it("answers the contract's example exactly, keys in field order", async () => {
    const response = await post({ quantity: 0, price: -1 })
    expect(JSON.stringify(response.data)).toBe(
      '{"item":["This field is required."],"quantity":["Ensure this value is greater than or equal to 1."],"price":["Ensure this value is greater than or equal to 0."]}',
    )
  })

  it.each([
    ['item blank', { item: '' }, 'item', 'This field may not be blank.'],
    ['item only spaces', { item: '   ' }, 'item', 'This field may not be blank.'],
    ['item of 101 characters', { item: 'x'.repeat(101) }, 'item', 'Ensure this field has no more than 100 characters.'],
    ['item null', { item: null }, 'item', 'This field may not be null.'],
    ['quantity not a number', { quantity: 'abc' }, 'quantity', 'A valid integer is required.'],
    ['quantity 2.5', { quantity: 2.5 }, 'quantity', 'A valid integer is required.'],
    ['quantity 0', { quantity: 0 }, 'quantity', 'Ensure this value is greater than or equal to 1.'],
    ['price with 3 decimals', { price: '1.234' }, 'price', 'Ensure that there are no more than 2 decimal places.'],
    ['price 19.990 (the trailing zero counts)', { price: '19.990' }, 'price', 'Ensure that there are no more than 2 decimal places.'],
    ['price of 11 digits', { price: '123456789.12' }, 'price', 'Ensure that there are no more than 10 digits in total.'],
    ['price of 9 whole digits', { price: 123456789 }, 'price', 'Ensure that there are no more than 8 digits before the decimal point.'],
    ['price negative', { price: '-0.01' }, 'price', 'Ensure this value is greater than or equal to 0.'],
    ['price not a number', { price: 'abc' }, 'price', 'A valid number is required.'],
    ['price NaN', { price: 'NaN' }, 'price', 'A valid number is required.'],
    ['status bogus', { status: 'bogus' }, 'status', '"bogus" is not a valid choice.'],
    ['status null', { status: null }, 'status', 'This field may not be null.'],
    ['note null', { note: null }, 'note', 'This field may not be null.'],
    ['note a list', { note: ['a'] }, 'note', 'Not a valid string.'],
  ])('refuses %s', async (_case, change, field, message) => {
    const response = await post({ ...VALID, ...change })
    expect(response.status).toBe(400)
    expect(response.data).toEqual({ [field]: [message] })
  })

  it.each([
    ['an item of exactly 100 characters', { item: 'y'.repeat(100) }, { item: 'y'.repeat(100) }],
    ['an item with spaces around (trimmed)', { item: '  Pad  ' }, { item: 'Pad' }],
    ['a quantity as a string', { quantity: '3' }, { quantity: 3 }],
    ['a quantity as 2.0', { quantity: '2.0' }, { quantity: 2 }],
    ['a price as a number', { price: 19.9 }, { price: '19.90' }],
    ['a price of 0', { price: 0 }, { price: '0.00' }],
    ['a price of 8 whole digits', { price: '12345678.9' }, { price: '12345678.90' }],
    ['a blank note', { note: '' }, { note: '' }],
  ])('accepts %s', async (_case, change, expected) => {
    const response = await post({ ...VALID, ...change })
    expect(response.status).toBe(201)
    expect(response.data).toMatchObject(expected)
  })

  it('refuses a body that is not an object', async () => {
    expect((await post([1])).data).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] })
    expect((await post('"text"')).data).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] })
  })

  it('reaches the API layer as ApiError.fieldErrors', async () => {
    const { auth } = await login()
    const error = await createOrder({ item: '', quantity: 1, price: '1' } as OrderInput, auth).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'http', status: 400, fieldErrors: { item: ['This field may not be blank.'] } })
    expect((error as { firstMessage: string }).firstMessage).toBe('This field may not be blank.')
  })
})
