import { onBeforeUnmount, ref } from 'vue'

/** "1d 02:03:04", "02:03:04" or "03:04" until `targetMs`; null once it has passed. */
export function formatRemaining(targetMs: number, nowMs: number): string | null {
  const total = Math.floor((targetMs - nowMs) / 1000)
  if (total <= 0) return null
  const days = Math.floor(total / 86_400)
  const hours = Math.floor((total % 86_400) / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const pad = (value: number) => String(value).padStart(2, '0')
  const clock = hours || days ? `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`
  return days ? `${days}d ${clock}` : clock
}

/** A clock that ticks every second while the component lives, read from `read` (the server-corrected clock). */
export function useTickingClock(read: () => number, intervalMs = 1000) {
  const now = ref(read())
  const timer = setInterval(() => (now.value = read()), intervalMs)
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
