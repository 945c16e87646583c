import type { AxiosRequestConfig } from 'axios'
import { http } from '@/http/client'
import { API_PATHS } from './paths'
import type { Order, OrderInput, Page, PageQuery } from './types'

export async function listOrders(query: PageQuery = {}, options: AxiosRequestConfig = {}): Promise<Page<Order>> {
  const { data } = await http.get<Page<Order>>(API_PATHS.orders, { ...options, params: query })
  return data
}

export async function getOrder(id: number | string, options: AxiosRequestConfig = {}): Promise<Order> {
  const { data } = await http.get<Order>(API_PATHS.order(id), options)
  return data
}

export async function createOrder(input: OrderInput, options: AxiosRequestConfig = {}): Promise<Order> {
  const { data } = await http.post<Order>(API_PATHS.orders, input, options)
  return data
}

/** PUT: item, quantity and price are required. */
export async function updateOrder(id: number | string, input: OrderInput, options: AxiosRequestConfig = {}): Promise<Order> {
  const { data } = await http.put<Order>(API_PATHS.order(id), input, options)
  return data
}

export async function patchOrder(id: number | string, input: Partial<OrderInput>, options: AxiosRequestConfig = {}): Promise<Order> {
  const { data } = await http.patch<Order>(API_PATHS.order(id), input, options)
  return data
}

export async function deleteOrder(id: number | string, options: AxiosRequestConfig = {}): Promise<void> {
  await http.delete(API_PATHS.order(id), options)
}
