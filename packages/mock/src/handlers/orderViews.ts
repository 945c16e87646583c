/** The orders ModelViewSet: list/create on /orders/, retrieve/update/partial_update/destroy on /orders/{id}/. */
import type { OrderStatus } from '../types.js'
import { nextMicros, type StoredOrder } from '../db.js'
import { ORDER_FIELDS, serializeOrder } from '../orderSerializer.js'
import { pythonBigInt } from '../python.js'
import { validatedRequest } from '../requestBody.js'
import { DRF_MESSAGES, NO_CONTENT, detailResponse, jsonResponse, type MockResponse } from '../responses.js'
import type { ViewContext } from './context.js'
import { paginate } from './pagination.js'

/** get_queryset(): the user's own orders, newest first. */
function ownOrders(context: ViewContext): StoredOrder[] {
  return context.state.orders
    .filter((order) => order.owner === context.userId)
    .sort((a, b) => b.createdMicros - a.createdMicros || b.id - a.id)
}

/** django.shortcuts.get_object_or_404's Http404 message (the model's object_name; not marked for translation). */
const NO_ORDER_MATCHES = 'No Order matches the given query.'

type Lookup = { order: StoredOrder } | { notFound: MockResponse }

/**
 * get_object() through DRF's get_object_or_404. A pk that is no integer makes the query raise (ValueError), which
 * DRF answers with a bare Http404: "Not found.". A pk that names none of the user's orders (another user's, a
 * missing one) is Django's Http404 with its message, which DRF 3.15+ passes on and DRF 3.14 replaced by "Not found.".
 */
function findOwnOrder(context: ViewContext): Lookup {
  const pk = pythonBigInt(context.params.pk ?? '')
  if (pk === undefined) return { notFound: detailResponse(404, DRF_MESSAGES.notFound) }
  // A pk past 64 bits names no order (server/orders/views.py; stock Django 3.2 crashed on SQLite, a 500): found below
  // as no order at all, the 404 of any unknown id.
  const id = Number(pk)
  const order = context.state.orders.find((candidate) => candidate.id === id && candidate.owner === context.userId)
  if (order) return { order }
  return { notFound: detailResponse(404, context.stack.http404KeepsMessage ? NO_ORDER_MATCHES : DRF_MESSAGES.notFound) }
}

export function listOrdersView(context: ViewContext): MockResponse {
  const page = paginate(ownOrders(context), context.url, context.stack)
  if (!page) return detailResponse(404, DRF_MESSAGES.invalidPage)
  return jsonResponse(200, { ...page, results: page.results.map(serializeOrder) })
}

export async function createOrderView(context: ViewContext): Promise<MockResponse> {
  const result = await validatedRequest(context.request, ORDER_FIELDS, false, context.stack)
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
  const lookup = findOwnOrder(context)
  return 'order' in lookup ? jsonResponse(200, serializeOrder(lookup.order)) : lookup.notFound
}

/** PUT and PATCH: the object is looked up before the body is read, so a missing id wins over a bad body. */
async function updateOrder(context: ViewContext, partial: boolean): Promise<MockResponse> {
  const lookup = findOwnOrder(context)
  if (!('order' in lookup)) return lookup.notFound
  const { order } = lookup
  const result = await validatedRequest(context.request, ORDER_FIELDS, partial, context.stack)
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
  const lookup = findOwnOrder(context)
  if (!('order' in lookup)) return lookup.notFound
  context.state.orders = context.state.orders.filter((candidate) => candidate !== lookup.order)
  return NO_CONTENT
}
