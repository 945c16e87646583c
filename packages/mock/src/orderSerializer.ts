/** OrderSerializer: the writable fields with their rules, and the JSON an order is shown as. */
import { ORDER_STATUSES, type Order } from './types.js'
import type { StoredOrder } from './db.js'
import { charField, choiceField, decimalField, integerField, type FieldSpec } from './fields.js'

/** Declaration order = the order of keys in a 400 body. Read-only fields are not here: sent values are ignored. */
export const ORDER_FIELDS: Record<string, FieldSpec> = {
  item: charField({ required: true, maxLength: 100 }),
  // Order.quantity's validators: at least 1, at most 2147483647 (the model's bound, the same on every database).
  quantity: integerField({ required: true, minValue: 1, maxValue: 2_147_483_647 }),
  price: decimalField({ required: true, maxDigits: 10, decimalPlaces: 2, minValue: 0 }),
  status: choiceField({ required: false, choices: ORDER_STATUSES }),
  note: charField({ required: false, allowBlank: true }),
}

/** datetime.isoformat() with "+00:00" as "Z"; Python leaves out a zero fraction. */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000)
  const fraction = micros % 1_000_000
  const seconds = new Date(ms).toISOString().slice(0, 19)
  return fraction === 0 ? `${seconds}Z` : `${seconds}.${String(fraction).padStart(6, '0')}Z`
}

export function orderNumber(id: number): string {
  return `SO-${String(id).padStart(6, '0')}`
}

export function serializeOrder(order: StoredOrder): Order {
  return {
    id: order.id,
    number: orderNumber(order.id),
    owner: order.owner,
    item: order.item,
    quantity: order.quantity,
    price: order.price,
    status: order.status,
    note: order.note,
    created_at: formatMicros(order.createdMicros),
    updated_at: formatMicros(order.updatedMicros),
  }
}
