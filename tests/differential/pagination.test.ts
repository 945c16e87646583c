/** Differential: PageNumberPagination on GET /orders/ (tests/unit/contract/pagination.test.ts). */
import { describeDifferential, type DifferentialClient } from './harness'
import { authorization } from './helpers'

/** GET /orders/<query> as a user (demo unless told). */
async function list(api: DifferentialClient, query: string, userId = 1) {
  return api.request('GET', `/orders/${query}`, { authorization: await authorization(api, userId) })
}

describeDifferential('orders pagination', {}, (differential) => {
  differential('10 per page by default, an absolute next link and no previous', async (api) => {
    await list(api, '')
  })

  differential('page 2 has a previous link without page= at all', async (api) => {
    await list(api, '?page=2')
  })

  differential('the last page ends with next: null, and page=last gives it too', async (api) => {
    await list(api, '?page=3')
    await list(api, '?page=last')
  })

  differential('page_size is carried along in the links, params sorted like Django', async (api) => {
    await list(api, '?page=2&page_size=5')
  })

  differential('page_size 0, negative or not a number falls back to 10, the links carry the value given', async (api) => {
    await list(api, '?page=1&page_size=0')
    await list(api, '?page=2&page_size=0')
    for (const size of ['-5', 'abc', '2.5']) await list(api, `?page_size=${size}`)
  })

  differential('page_size above 100 is clamped to 100', async (api) => {
    const demo = await authorization(api)
    const created: number[] = []
    const statuses = new Set<number>()
    // One by one, so both servers give the same ids to the same items (and unrecorded: 80 alike answers).
    for (let i = 0; i < 80; i++) {
      const response = await api.request('POST', '/orders/', { json: { item: `Bulk ${i}`, quantity: 1, price: 1 }, authorization: demo, unrecorded: true })
      statuses.add(response.status)
      created.push(Number(response.data.id))
    }
    api.note('80 creates answered', [...statuses])
    await list(api, '?page_size=1000')
    await list(api, '?page=2&page_size=1000')
    // Leaves demo with the seed again, so the other language and the later cases see the same pages.
    for (const id of created) await api.request('DELETE', `/orders/${id}/`, { authorization: demo, unrecorded: true })
  })

  for (const page of ['4', '0', '-1', 'abc', '1.0']) {
    differential(`page=${page} answers 404 {"detail":"Invalid page."}`, async (api) => {
      await list(api, `?page=${page}`)
    })
  }

  differential('an empty page= is page 1', async (api) => {
    await list(api, '?page=')
  })

  differential('counts only the own orders', async (api) => {
    await list(api, '', 2)
  })
})
