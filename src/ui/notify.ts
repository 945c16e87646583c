/**
 * The one way the app shows a toast. Vant's Toast (and its icon font) is loaded on first use,
 * so pages that never toast (the login page, on a good day) don't pay for it.
 * Identical messages within one burst show once.
 */
export interface NotifyOptions {
  type?: 'text' | 'success' | 'fail' | 'loading'
  /** Block taps while the toast is up (the seed's "login expired" toast). */
  forbidClick?: boolean
  /** Milliseconds; Vant's default is 2000. */
  duration?: number
}

const BURST_MS = 1500
const recent = new Map<string, number>()

function loadToast() {
  return Promise.all([import('vant/es/toast'), import('vant/es/toast/style')]).then(([module]) => module)
}

/** Shows `message` unless the same message was shown less than a burst ago. Resolves when it is on screen. */
export async function notify(message: string, options: NotifyOptions = {}): Promise<void> {
  const now = Date.now()
  const last = recent.get(message)
  if (last !== undefined && now - last < BURST_MS) return
  recent.set(message, now)
  const { showToast } = await loadToast()
  showToast({
    message,
    type: options.type ?? 'text',
    forbidClick: options.forbidClick ?? false,
    duration: options.duration ?? 2000,
    wordBreak: 'break-word',
  })
}

/** For tests: forget the burst window. */
export function resetNotifyBurst(): void {
  recent.clear()
}
