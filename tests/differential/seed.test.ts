/** Differential: the seed data, demo's 25 orders and admin's 3 (tests/unit/contract/seed.test.ts). */
import { describeDifferential } from './harness'
import { ADMIN, authorization } from './helpers'

describeDifferential('seed data', {}, (differential) => {
  differential("demo's 25 orders, ids 1–25, newest first, by the contract rule", async (api) => {
    const { access } = await api.login()
    await api.request('GET', '/orders/?page_size=25', { authorization: `JWT ${access}` })
  })

  differential('created one minute apart, before now', async (api) => {
    const page = await api.request('GET', '/orders/?page_size=25', { authorization: await authorization(api), unrecorded: true })
    const times = (page.data.results as Array<{ created_at: string }>).map((order) => Date.parse(order.created_at))
    // The timestamps themselves differ by nature (each server seeded at its own time): compare their gaps.
    api.note('minutes between neighbours', times.slice(1).map((time, k) => Math.round(((times[k] as number) - time) / 60_000)))
    api.note('the newest is in the past', (times[0] as number) < Date.now())
  })

  differential("admin's 3 orders, ids 26–28, by the same rule with its own i", async (api) => {
    const { access } = await api.login(ADMIN)
    await api.request('GET', '/orders/', { authorization: `JWT ${access}` })
  })
})
