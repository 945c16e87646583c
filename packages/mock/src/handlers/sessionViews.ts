/**
 * accounts.session_views.SessionViewSet (list and destroy, pagination off): GET /me/sessions/, the devices the user is
 * signed in on, newest first; DELETE /me/sessions/{id}/, one signed out at once.
 */
import type { StoredSession } from '../db.js'
import { deviceLabel } from '../devices.js'
import { formatMicros } from '../orderSerializer.js'
import { DRF_MESSAGES, NO_CONTENT, detailResponse, jsonResponse, type MockResponse } from '../responses.js'
import { SESSION_CLAIM, endSession, liveSessionsOf } from '../sessions.js'
import type { ViewContext } from './context.js'

/** django.shortcuts.get_object_or_404's Http404 message (the model's object_name; not marked for translation). */
const NO_SESSION_MATCHES = 'No Session matches the given query.'

/** SessionSerializer: the label in the reader's language; `current` when the asking token names this session. */
function serializeSession(session: StoredSession, context: ViewContext) {
  return {
    id: session.id,
    device: deviceLabel(session.userAgent),
    created_at: formatMicros(session.createdMicros),
    last_used_at: formatMicros(session.lastUsedMicros),
    expires_at: formatMicros(session.expiresMicros),
    current: context.token !== undefined && context.token[SESSION_CLAIM] === session.id,
  }
}

export function listSessionsView(context: ViewContext): MockResponse {
  return jsonResponse(200, liveSessionsOf(context.state, context.userId, context.nowMs).map((session) => serializeSession(session, context)))
}

/** get_object() among the user's live sessions (the pk a CharField: any text is a lookup, never an error); session_sign_out. */
export function deleteSessionView(context: ViewContext): MockResponse {
  const session = liveSessionsOf(context.state, context.userId, context.nowMs).find((candidate) => candidate.id === context.params.pk)
  if (!session) return detailResponse(404, context.stack.http404KeepsMessage ? NO_SESSION_MATCHES : DRF_MESSAGES.notFound)
  endSession(context.state, session, 'signed_out', context.nowMs)
  return NO_CONTENT
}
