/** GET /me/: the user behind the access token. */
import type { User } from '@/api/types'
import { jsonResponse, type MockResponse } from '../responses'
import type { ViewContext } from './context'

export function meView(context: ViewContext): MockResponse {
  const user = context.state.users.find((candidate) => candidate.id === context.userId)
  const body: User = { id: context.userId, username: user?.username ?? '' }
  return jsonResponse(200, body)
}
