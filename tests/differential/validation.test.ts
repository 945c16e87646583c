/** Differential: 400 validation bodies for orders, field by field (tests/unit/contract/validation.test.ts). */
import { describeDifferential, type DifferentialClient } from './harness'
import { authorization } from './helpers'

const VALID = { item: 'Thing', quantity: 1, price: '1.00' }

/** POST /orders/ as demo with a JSON body. */
async function post(api: DifferentialClient, body: unknown) {
  return api.request('POST', '/orders/', { json: body, authorization: await authorization(api) })
}

describeDifferential('orders validation', {}, (differential) => {
  differential('names every missing required field', async (api) => {
    await post(api, {})
  })

  differential("answers the contract's example exactly, keys in field order", async (api) => {
    await post(api, { quantity: 0, price: -1 })
  })

  const refused: Array<[string, Record<string, unknown>]> = [
    ['item blank', { item: '' }],
    ['item only spaces', { item: '   ' }],
    ['item of 101 characters', { item: 'x'.repeat(101) }],
    ['item null', { item: null }],
    ['quantity not a number', { quantity: 'abc' }],
    ['quantity 2.5', { quantity: 2.5 }],
    ['quantity 0', { quantity: 0 }],
    ['price with 3 decimals', { price: '1.234' }],
    ['price 19.990 (the trailing zero counts)', { price: '19.990' }],
    ['price of 11 digits', { price: '123456789.12' }],
    ['price of 9 whole digits', { price: 123456789 }],
    ['price negative', { price: '-0.01' }],
    ['price not a number', { price: 'abc' }],
    ['price NaN', { price: 'NaN' }],
    ['status bogus', { status: 'bogus' }],
    ['status null', { status: null }],
    ['note null', { note: null }],
    ['note a list', { note: ['a'] }],
  ]
  for (const [name, change] of refused) {
    differential(`refuses ${name}`, async (api) => {
      await post(api, { ...VALID, ...change })
    })
  }

  const accepted: Array<[string, Record<string, unknown>]> = [
    ['an item of exactly 100 characters', { item: 'y'.repeat(100) }],
    ['an item with spaces around (trimmed)', { item: '  Pad  ' }],
    ['a quantity as a string', { quantity: '3' }],
    ['a quantity as 2.0', { quantity: '2.0' }],
    ['a price as a number', { price: 19.9 }],
    ['a price of 0', { price: 0 }],
    ['a price of 8 whole digits', { price: '12345678.9' }],
    ['a blank note', { note: '' }],
  ]
  for (const [name, change] of accepted) {
    differential(`accepts ${name}`, async (api) => {
      await post(api, { ...VALID, ...change })
    })
  }

  differential('refuses a body that is not an object', async (api) => {
    await post(api, [1])
    await post(api, 'text')
  })

  differential('a blank item with a valid rest: the one message the app shows', async (api) => {
    await post(api, { item: '', quantity: 1, price: '1' })
  })
})
