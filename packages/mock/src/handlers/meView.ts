/** GET /me/: the user behind the access token. */
import type { User } from '../types.js'
import { jsonResponse, type MockResponse } from '../responses.js'
import type { ViewContext } from './context.js'

export function meView(context: ViewContext): MockResponse {
  const user = context.state.users.find((candidate) => candidate.id === context.userId)
  const body: User = { id: context.userId, username: user?.username ?? '' }
  return jsonResponse(200, body)
}
