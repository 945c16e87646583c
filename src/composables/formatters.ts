import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

/** Dates and prices in the reader's language, via Intl (no date library). */
export function useFormatters() {
  const { locale } = useI18n()
  const dateTime = computed(() => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }))
  const dateTimeSeconds = computed(() => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'medium' }))
  const money = computed(() => new Intl.NumberFormat(locale.value, { minimumFractionDigits: 2, maximumFractionDigits: 2 }))

  return {
    /** An ISO timestamp from the server, as local date and time. */
    formatDateTime(iso: string): string {
      const date = new Date(iso)
      return Number.isNaN(date.getTime()) ? iso : dateTime.value.format(date)
    },
    /** Epoch milliseconds with seconds, for token claims. */
    formatInstant(ms: number): string {
      return dateTimeSeconds.value.format(new Date(ms))
    },
    /** The server's decimal string ("19.99"), grouped the local way; unreadable input is shown as sent. */
    formatPrice(price: string): string {
      const value = Number(price)
      return Number.isFinite(value) ? money.value.format(value) : price
    },
  }
}
