/**
 * Differential: the orders endpoints (tests/unit/contract/orders.test.ts): create, read, PUT, PATCH, DELETE, ownership.
 * Both languages run on one database pair, so cases that delete work on orders they created themselves.
 */
import { isDeepStrictEqual } from 'node:util'
import { describeDifferential } from './harness'
import { authorization } from './helpers'

const INPUT = { item: 'Test item', quantity: 2, price: 19.99 }

describeDifferential('orders', {}, (differential) => {
  differential('POST: 201 with the order: number SO-%06d, owner, defaults, price as a string', async (api) => {
    const demo = await authorization(api)
    const created = await api.request('POST', '/orders/', { json: INPUT, authorization: demo })
    api.note('updated_at >= created_at', String(created.data.updated_at) >= String(created.data.created_at))
    await api.request('POST', '/orders/', { json: INPUT, authorization: demo })
  })

  differential('POST: ignores read-only fields sent by the client', async (api) => {
    const sneaky = { ...INPUT, id: 1, number: 'X', owner: 2, created_at: '2000-01-01T00:00:00Z', updated_at: '2000-01-01T00:00:00Z' }
    const created = await api.request('POST', '/orders/', { json: sneaky, authorization: await authorization(api) })
    api.note('created_at is not the one sent', !String(created.data.created_at).startsWith('2000'))
  })

  differential('POST: keeps status and note when given, and lists the new order first', async (api) => {
    const demo = await authorization(api)
    const created = await api.request('POST', '/orders/', { json: { ...INPUT, price: '0', status: 'paid', note: 'gift' }, authorization: demo })
    const page = await api.request('GET', '/orders/', { authorization: demo })
    api.note('listed first', page.data.results[0]?.id === created.data.id)
  })

  differential('GET: answers the own order', async (api) => {
    await api.request('GET', '/orders/7/', { authorization: await authorization(api) })
  })

  // DRF 3.15+: "No Order matches the given query." (Django's Http404, untranslated) where the query ran; "Not found."
  // where the pk is no integer.
  for (const [name, id] of [["another user's order", 26], ['a missing id', 999], ['a non-numeric id', 'abc'], ['a huge id', '99999999999999999999']] as const) {
    differential(`GET: answers 404 for ${name}`, async (api) => {
      await api.request('GET', `/orders/${id}/`, { authorization: await authorization(api) })
    })
  }

  differential('GET: reads the pk as int() does ("+0_7" is order 7)', async (api) => {
    await api.request('GET', '/orders/%2B0_7/', { authorization: await authorization(api) })
  })

  differential("GET: hides demo's orders from admin too", async (api) => {
    const admin = await authorization(api, 2)
    await api.request('GET', '/orders/1/', { authorization: admin })
    await api.request('GET', '/orders/26/', { authorization: admin })
  })

  differential('PUT: replaces the writable fields, keeps created_at, moves updated_at', async (api) => {
    const demo = await authorization(api)
    const before = await api.request('GET', '/orders/3/', { authorization: demo })
    const after = await api.request('PUT', '/orders/3/', {
      json: { item: 'Renamed', quantity: 9, price: '1.5', status: 'shipped', note: 'n' },
      authorization: demo,
    })
    api.note('created_at kept', after.data.created_at === before.data.created_at)
    api.note('updated_at moved', String(after.data.updated_at) > String(before.data.updated_at))
    const again = await api.request('GET', '/orders/3/', { authorization: demo })
    api.note('GET gives what PUT answered', isDeepStrictEqual(again.data, after.data))
  })

  differential('PUT: requires item, quantity and price', async (api) => {
    await api.request('PUT', '/orders/3/', { json: { status: 'paid' }, authorization: await authorization(api) })
  })

  differential('PUT: answers 404 for a foreign or missing id before looking at the body', async (api) => {
    const demo = await authorization(api)
    await api.request('PUT', '/orders/26/', { json: INPUT, authorization: demo })
    await api.request('PUT', '/orders/999/', { json: {}, authorization: demo })
  })

  differential('PATCH: changes only the fields sent', async (api) => {
    const demo = await authorization(api)
    const before = await api.request('GET', '/orders/4/', { authorization: demo })
    const after = await api.request('PATCH', '/orders/4/', { json: { status: 'paid' }, authorization: demo })
    api.note('only status and updated_at changed', isDeepStrictEqual(after.data, { ...before.data, status: 'paid', updated_at: after.data.updated_at }))
  })

  differential('PATCH: validates the fields sent; 404 for a foreign id', async (api) => {
    const demo = await authorization(api)
    await api.request('PATCH', '/orders/4/', { json: { quantity: 0 }, authorization: demo })
    await api.request('PATCH', '/orders/26/', { json: { quantity: 1 }, authorization: demo })
  })

  differential('DELETE: 204 with an empty body and no Content-Type, and the order is gone', async (api) => {
    const demo = await authorization(api)
    const created = await api.request('POST', '/orders/', { json: INPUT, authorization: demo })
    const path = `/orders/${String(created.data.id)}/`
    const countBefore = (await api.request('GET', '/orders/?page_size=1', { authorization: demo, unrecorded: true })).data.count
    await api.request('DELETE', path, { authorization: demo })
    await api.request('GET', path, { authorization: demo })
    await api.request('DELETE', path, { authorization: demo })
    const countAfter = (await api.request('GET', '/orders/?page_size=1', { authorization: demo, unrecorded: true })).data.count
    api.note('count went down by', countBefore - countAfter)
  })

  differential("DELETE: answers 404 for another user's order and leaves it alone", async (api) => {
    await api.request('DELETE', '/orders/27/', { authorization: await authorization(api) })
    await api.request('GET', '/orders/27/', { authorization: await authorization(api, 2) })
  })
})
