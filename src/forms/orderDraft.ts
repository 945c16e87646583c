import type { Order, OrderInput, OrderStatus } from '@/api/types'

/** The form's editable copy of an order; price stays text so "1.234" can be explained, not silently rounded. */
export interface OrderDraft {
  item: string
  quantity: number
  price: string
  status: OrderStatus
  note: string
}

export type DraftField = keyof OrderDraft
/** i18n keys of the client-side complaints, per field. */
export type DraftErrors = Partial<Record<DraftField, string>>

export const ITEM_MAX_LENGTH = 100
const PRICE_MAX_DIGITS = 10
const PRICE_DECIMAL_PLACES = 2

export function emptyDraft(): OrderDraft {
  return { item: '', quantity: 1, price: '', status: 'pending', note: '' }
}

export function draftFromOrder(order: Order): OrderDraft {
  return { item: order.item, quantity: order.quantity, price: order.price, status: order.status, note: order.note }
}

export function draftToInput(draft: OrderDraft): OrderInput {
  return { item: draft.item, quantity: Number(draft.quantity), price: draft.price.trim(), status: draft.status, note: draft.note }
}

function priceError(raw: string): string | undefined {
  const price = raw.trim()
  if (price === '') return 'form.priceRequired'
  if (/^-\s*\d/.test(price)) return 'form.priceNegative'
  const match = /^(\d*)(?:\.(\d*))?$/.exec(price)
  if (!match || price === '.') return 'form.priceInvalid'
  const whole = (match[1] ?? '').replace(/^0+/, '')
  const fraction = match[2] ?? ''
  if (fraction.length > PRICE_DECIMAL_PLACES) return 'form.priceDecimals'
  if (whole.length + fraction.length > PRICE_MAX_DIGITS) return 'form.priceDigits'
  if (whole.length > PRICE_MAX_DIGITS - PRICE_DECIMAL_PLACES) return 'form.priceWholeDigits'
  return undefined
}

/** The server's rules (api-contract.md, Orders), checked before sending so most mistakes never leave the page. */
export function validateDraft(draft: OrderDraft): DraftErrors {
  const errors: DraftErrors = {}
  if (draft.item.trim() === '') errors.item = 'form.itemRequired'
  else if (draft.item.length > ITEM_MAX_LENGTH) errors.item = 'form.itemTooLong'
  // The stepper hands back text while the person types.
  const quantity = Number(draft.quantity)
  if (!Number.isInteger(quantity) || quantity < 1) errors.quantity = 'form.quantityInvalid'
  const price = priceError(draft.price)
  if (price) errors.price = price
  return errors
}
