/** DRF's PageNumberPagination (page_size 10, ?page_size= up to 100, page=last) over a list. */
import type { Page } from '../types.js'
import { pythonInt, removeQueryParam, replaceQueryParam } from '../python.js'
import type { ServerStack } from '../stack.js'

export const DEFAULT_PAGE_SIZE = 10
export const MAX_PAGE_SIZE = 100

/** QueryDict.get: the last value given. */
function lastParam(url: URL, name: string): string | undefined {
  return url.searchParams.getAll(name).at(-1)
}

/** get_page_size: 0, negative or not an int falls back to the default; above the maximum is clamped. */
function pageSizeOf(url: URL): number {
  const raw = lastParam(url, 'page_size')
  const size = raw === undefined ? undefined : pythonInt(raw)
  if (size === undefined || size <= 0) return DEFAULT_PAGE_SIZE
  return Math.min(size, MAX_PAGE_SIZE)
}

/** Paginator.validate_number; undefined is DRF's "Invalid page.". */
function pageNumberOf(url: URL, pageCount: number, stack: ServerStack): number | undefined {
  // DRF 3.15+: query_params.get('page') or 1, so an empty page= is page 1; DRF 3.14: query_params.get('page', 1),
  // so it is '', which is not an integer.
  const given = lastParam(url, 'page')
  const raw = given === undefined || (given === '' && stack.emptyPageIsFirst) ? '1' : given
  if (raw === 'last') return pageCount
  const number = pythonInt(raw)
  if (number === undefined || number < 1 || number > pageCount) return undefined
  return number
}

/** One page with absolute next/previous links built from the request URL, or undefined for an invalid page. */
export function paginate<T>(items: readonly T[], url: URL, stack: ServerStack): Page<T> | undefined {
  const size = pageSizeOf(url)
  const pageCount = Math.max(1, Math.ceil(items.length / size))
  const number = pageNumberOf(url, pageCount, stack)
  if (number === undefined) return undefined
  // request.build_absolute_uri(): the host the browser asked, the query as it was sent.
  const absolute = `${url.origin}${url.pathname}${url.search}`
  const previous = number <= 1 ? null : number === 2 ? removeQueryParam(absolute, 'page') : replaceQueryParam(absolute, 'page', number - 1)
  return {
    count: items.length,
    next: number < pageCount ? replaceQueryParam(absolute, 'page', number + 1) : null,
    previous,
    results: items.slice((number - 1) * size, number * size),
  }
}
