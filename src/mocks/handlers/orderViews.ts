/** The orders ModelViewSet: list/create on /orders/, retrieve/update/partial_update/destroy on /orders/{id}/. */
import type { OrderStatus } from '@/api/types'
import type { MockState, StoredOrder } from '../db'
import { ORDER_FIELDS, serializeOrder } from '../orderSerializer'
import { pythonInt } from '../python'
import { validatedRequest } from '../requestBody'
import { DRF_MESSAGES, NO_CONTENT, detailResponse, jsonResponse, type MockResponse } from '../responses'
import type { ViewContext } from './context'
import { paginate } from './pagination'

/** A timestamp later than any handed out, so created_at never ties. */
function nextMicros(state: MockState, nowMs: number): number {
  state.lastMicros = Math.max(nowMs * 1000, state.lastMicros + 1)
  return state.lastMicros
}

/** get_queryset(): the user's own orders, newest first. */
function ownOrders(context: ViewContext): StoredOrder[] {
  return context.state.orders
    .filter((order) => order.owner === context.userId)
    .sort((a, b) => b.createdMicros - a.createdMicros || b.id - a.id)
}

/** get_object(): another user's order, a missing id and a non-numeric id are all the same 404. */
function findOwnOrder(context: ViewContext): StoredOrder | undefined {
  const id = pythonInt(context.params.pk ?? '')
  return context.state.orders.find((order) => order.id === id && order.owner === context.userId)
}

const NOT_FOUND = detailResponse(404, DRF_MESSAGES.notFound)

export function listOrdersView(context: ViewContext): MockResponse {
  const page = paginate(ownOrders(context), context.url)
  if (!page) return detailResponse(404, DRF_MESSAGES.invalidPage)
  return jsonResponse(200, { ...page, results: page.results.map(serializeOrder) })
}

export async function createOrderView(context: ViewContext): Promise<MockResponse> {
  const result = await validatedRequest(context.request, ORDER_FIELDS)
  if (!result.ok) return result.response
  const { state } = context
  const createdMicros = nextMicros(state, context.nowMs)
  const order: StoredOrder = {
    id: state.nextOrderId++,
    owner: context.userId,
    item: result.values.item as string,
    quantity: result.values.quantity as number,
    price: result.values.price as string,
    status: (result.values.status as OrderStatus | undefined) ?? 'pending',
    note: (result.values.note as string | undefined) ?? '',
    createdMicros,
    updatedMicros: nextMicros(state, context.nowMs),
  }
  state.orders.push(order)
  return jsonResponse(201, serializeOrder(order))
}

export function retrieveOrderView(context: ViewContext): MockResponse {
  const order = findOwnOrder(context)
  return order ? jsonResponse(200, serializeOrder(order)) : NOT_FOUND
}

/** PUT and PATCH: the object is looked up before the body is read, so a missing id wins over a bad body. */
async function updateOrder(context: ViewContext, partial: boolean): Promise<MockResponse> {
  const order = findOwnOrder(context)
  if (!order) return NOT_FOUND
  const result = await validatedRequest(context.request, ORDER_FIELDS, partial)
  if (!result.ok) return result.response
  Object.assign(order, result.values)
  order.updatedMicros = nextMicros(context.state, context.nowMs)
  return jsonResponse(200, serializeOrder(order))
}

export function putOrderView(context: ViewContext): Promise<MockResponse> {
  return updateOrder(context, false)
}

export function patchOrderView(context: ViewContext): Promise<MockResponse> {
  return updateOrder(context, true)
}

export function deleteOrderView(context: ViewContext): MockResponse {
  const order = findOwnOrder(context)
  if (!order) return NOT_FOUND
  context.state.orders = context.state.orders.filter((candidate) => candidate !== order)
  return NO_CONTENT
}
