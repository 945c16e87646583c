import { beforeEach, describe, expect, it, vi } from 'vitest'
import { notify, resetNotifyBurst } from '@/ui/notify'

const showToast = vi.hoisted(() => vi.fn())
vi.mock('vant/es/toast', () => ({ showToast }))
vi.mock('vant/es/toast/style', () => ({}))

describe('notify', () => {
  beforeEach(() => {
    resetNotifyBurst()
    showToast.mockClear()
  })

  it('shows identical messages from one burst of failures once', async () => {
    await Promise.all(Array.from({ length: 20 }, () => notify('网络请求不存在')))
    await notify('Session expired, please log in again', { forbidClick: true, duration: 1000 })
    expect(showToast.mock.calls).toEqual([
      [expect.objectContaining({ message: '网络请求不存在', forbidClick: false, duration: 2000 })],
      [expect.objectContaining({ message: 'Session expired, please log in again', forbidClick: true, duration: 1000 })],
    ])
  })

  it('shows the same message again once the burst is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    await notify('Network error')
    vi.setSystemTime(Date.now() + 1600)
    await notify('Network error')
    vi.useRealTimers()
    expect(showToast).toHaveBeenCalledTimes(2)
  })
})
