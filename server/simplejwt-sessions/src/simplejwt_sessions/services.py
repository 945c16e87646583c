"""Business actions on accounts and their sessions; views and serializers stay thin and call these.

A login starts a session (simplejwt_sessions.models.Session): a family of rotating refresh tokens with an absolute end, of
which one is current. A refresh consumes the current token in one conditional UPDATE, so any number of parallel
refreshes, through any number of server processes, yield one successor; the token just spent gets that same
successor again within the grace window (a lost answer, retried); any other token of the family coming back means
someone holds a copy, and the whole session ends. simplejwt's OutstandingToken / BlacklistedToken are kept in step,
so its own checks, `flushexpiredtokens` and the admin see what the sessions decided.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.exceptions import AuthenticationFailed, ExpiredTokenError, TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from simplejwt_sessions import lockout
from simplejwt_sessions.models import Session, TokenVersion
from simplejwt_sessions.settings import cookie_mode, sessions_settings
from simplejwt_sessions.storable import stored
from simplejwt_sessions.tokens import (
    SESSION_CLAIM,
    SessionRefreshToken,
    blacklisted,
    holds_version,
    jwt_settings,
    version_of,
)

security_log = logging.getLogger("simplejwt_sessions.security")

# In cookie mode, the access token's copy of the exp of the refresh token in the cookie set with it: the client can't
# read the cookie, but must know when its session ends.
REFRESH_EXP_CLAIM = "refresh_exp"


def _access(refresh: SessionRefreshToken, end, cookie: SessionRefreshToken | None = None) -> str:
    """The access token for `refresh`, ending with the session (at `end`); in cookie mode with "refresh_exp", the exp
    of the refresh token that goes into the cookie (`cookie`, else `refresh` itself)."""
    access = refresh.access_token_until(end)
    if cookie_mode():
        access[REFRESH_EXP_CLAIM] = (cookie or refresh)["exp"]
    return str(access)


def session_start(user, user_agent: str = "", **fields) -> dict[str, str]:
    """A login on a device: a new session and its first pair, as POST /api/token/ gives it."""
    now = timezone.now()
    session = Session(
        user=user,
        user_agent=stored(user_agent)[: Session._meta.get_field("user_agent").max_length],
        created_at=now,
        last_used_at=now,
        expires_at=now + sessions_settings().SESSION_LIFETIME,
        **fields,
    )
    with transaction.atomic():
        refresh = SessionRefreshToken.for_session(session, TokenVersion.objects.current(user.pk))
        session.refresh_jti, session.refresh_token = (
            refresh[jwt_settings().JTI_CLAIM],
            str(refresh),
        )
        session.save(force_insert=True)
    return {"refresh": str(refresh), "access": _access(refresh, session.expires_at)}


def _within_grace(session: Session, jti: str, now) -> bool:
    """Whether `jti` is the token the session spent last, less than REFRESH_GRACE_SECONDS ago (0: never)."""
    grace = sessions_settings().GRACE_WINDOW
    return (
        bool(grace)
        and session.spent_jti == jti
        and session.spent_at is not None
        and now - session.spent_at < grace
    )


def _require_active(user) -> None:
    """simplejwt 5.5's refusal of a refresh for a user who may no longer log in."""
    if not jwt_settings().USER_AUTHENTICATION_RULE(user):
        raise AuthenticationFailed(_("No active account found for the given token."), "no_active_account")


def _live_session(refresh: SessionRefreshToken, now, *, for_refresh: bool = True) -> Session:
    """The refresh token's session, if it is live; else the refusal every revoked refresh token gets. A user who may
    no longer log in gets no new tokens (`for_refresh`), but can still end a session."""
    session = (
        Session.objects.select_related("user")
        .filter(pk=refresh[SESSION_CLAIM], user_id=refresh.get(jwt_settings().USER_ID_CLAIM))
        .first()
    )
    if session is None or session.ended_at is not None:
        raise blacklisted()
    if session.expires_at <= now:  # its tokens expire with it: refused as one that expired
        raise ExpiredTokenError(_("Token is expired"))
    if for_refresh:
        _require_active(session.user)
    return session


def session_refresh(refresh: SessionRefreshToken) -> dict[str, str]:
    """POST /api/token/refresh/ with a session's refresh token (signature, exp and type already checked).

    With rotation: the current token is consumed (one winner, decided by the database) and its successor returned;
    the token spent last, within the grace window, gets that same successor again; any other token of the session
    ends the session (reuse). Without rotation: the session's one refresh token gives access tokens until its end.
    """
    now = timezone.now()
    jti = refresh[jwt_settings().JTI_CLAIM]
    with transaction.atomic():
        session = _live_session(refresh, now)
        if not jwt_settings().ROTATE_REFRESH_TOKENS:
            if jti != session.refresh_jti:
                raise blacklisted()
            Session.objects.filter(pk=session.pk).update(last_used_at=now)
            return {"access": _access(refresh, session.expires_at)}
        if jti == session.refresh_jti:
            successor = successor_of(refresh, session, now)
            if successor:
                return {"access": _access(refresh, session.expires_at, successor), "refresh": str(successor)}
            session.refresh_from_db()  # a parallel refresh consumed it first
        if _within_grace(session, jti, now):
            current = SessionRefreshToken(session.refresh_token, verify=False)
            return {"access": _access(current, session.expires_at), "refresh": session.refresh_token}
    # Neither current nor just spent: an older token of the family, or the last one after the window.
    session_end(session, Session.EndReason.REUSE, now=now)
    raise blacklisted()


def session_adopt(refresh: SessionRefreshToken, user_agent: str = "") -> dict[str, str]:
    """POST /api/token/refresh/ with a refresh token of stock simplejwt (no "sid": issued before the app was
    installed), LEGACY_REFRESH_TOKENS="adopt": the token is spent (simplejwt's blacklist, where the first to blacklist
    it wins) and a session starts, recording it as its spent token. So the user stays logged in, the device appears in
    "Your devices", a retry within the grace window gets the same successor, and a later replay ends the session."""
    now = timezone.now()
    jti = refresh[jwt_settings().JTI_CLAIM]
    user_id = refresh.get(jwt_settings().USER_ID_CLAIM)
    if not holds_version(refresh, TokenVersion.objects.current(user_id)):
        raise blacklisted()
    user = get_user_model().objects.filter(**{jwt_settings().USER_ID_FIELD: user_id}).first()
    if user is None:
        raise AuthenticationFailed(_("No active account found for the given token."), "no_active_account")
    _require_active(user)
    if not BlacklistedToken.objects.filter(token__jti=jti).exists():
        try:
            with transaction.atomic():
                refresh.blacklist()  # the loser of a race raises: it is then the session's spent token
                return session_start(user, user_agent, spent_jti=jti, spent_at=now, legacy_jti=jti)
        except TokenError:
            pass
    session = Session.objects.filter(user=user, legacy_jti=jti).first()
    if session is None or not session.is_live(now):  # blacklisted by simplejwt before the switch, or ended
        raise blacklisted()
    if _within_grace(session, jti, now):
        current = SessionRefreshToken(session.refresh_token, verify=False)
        return {"refresh": session.refresh_token, "access": _access(current, session.expires_at)}
    session_end(session, Session.EndReason.REUSE, now=now)
    raise blacklisted()


def successor_of(refresh: SessionRefreshToken, session: Session, now) -> SessionRefreshToken | None:
    """Consumes `refresh` if it is still the session's current token: its successor, or None if another refresh
    consumed it first. The conditional UPDATE is the decision, on SQLite and PostgreSQL alike."""
    successor = refresh.successor(session)
    consumed = Session.objects.filter(
        pk=session.pk, refresh_jti=refresh[jwt_settings().JTI_CLAIM], ended_at__isnull=True
    ).update(
        refresh_jti=successor[jwt_settings().JTI_CLAIM],
        refresh_token=str(successor),
        spent_jti=refresh[jwt_settings().JTI_CLAIM],
        spent_at=now,
        last_used_at=now,
    )
    if not consumed:
        return None
    # simplejwt's tables in step, as its own rotation keeps them: the spent token blacklisted, the successor recorded.
    _blacklist_outstanding(OutstandingToken.objects.filter(jti=refresh[jwt_settings().JTI_CLAIM]))
    successor.record(session.user)
    return successor


def session_logout(refresh: SessionRefreshToken) -> None:
    """POST /api/token/blacklist/ with a session's refresh token: the session ends. Its current token (or the one
    spent last, within the grace window) logs out; any older one is a replay, which ends the session as reuse."""
    now = timezone.now()
    session = _live_session(refresh, now, for_refresh=False)
    jti = refresh[jwt_settings().JTI_CLAIM]
    if jti == session.refresh_jti or _within_grace(session, jti, now):
        session_end(session, Session.EndReason.LOGOUT, now=now)
        return
    session_end(session, Session.EndReason.REUSE, now=now)
    raise blacklisted()


def _blacklist_outstanding(tokens) -> None:
    """simplejwt's blacklist for these OutstandingTokens (those not on it yet)."""
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in tokens.filter(blacklistedtoken__isnull=True)]
    )


def session_end(session: Session, reason: str, *, now=None) -> bool:
    """Ends a session at once: its refresh token is refused (and blacklisted), and so is every access token of it,
    by every endpoint, with the ordinary answers. False if it had ended already."""
    now = now or timezone.now()
    with transaction.atomic():
        ended = Session.objects.filter(pk=session.pk, ended_at__isnull=True).update(
            ended_at=now, end_reason=reason
        )
        if ended:
            _blacklist_outstanding(OutstandingToken.objects.filter(jti=session.refresh_jti))
    if ended:
        log = security_log.warning if reason == Session.EndReason.REUSE else security_log.info
        log("session %s of user %s ended: %s", session.pk, session.user_id, reason)
    return bool(ended)


@transaction.atomic
def sessions_end_all(user, reason: str = Session.EndReason.EVERYWHERE) -> None:
    """Ends every session of the user and revokes every token they hold: tokens of a session by the session, any
    other by a new token version (authentication refuses older ones), refresh tokens by the blacklist as well."""
    now = timezone.now()
    TokenVersion.objects.get_or_create(user=user)
    TokenVersion.objects.filter(user=user).update(version=F("version") + 1)
    ended = Session.objects.filter(user=user, ended_at__isnull=True).update(ended_at=now, end_reason=reason)
    _blacklist_outstanding(OutstandingToken.objects.filter(user=user))
    security_log.info("every session of user %s ended (%d): %s", user.pk, ended, reason)


def session_sign_out(session: Session) -> None:
    """DELETE /api/me/sessions/{id}/: another device of the user (or this one) is signed out."""
    session_end(session, Session.EndReason.SIGNED_OUT)


def sessions_of(user):
    """GET /api/me/sessions/: the user's live sessions, newest first."""
    return Session.objects.live(timezone.now()).filter(user=user).order_by("-created_at", "-pk")


# The tables a purge shrinks, for its report.
PURGED_MODELS = (OutstandingToken, BlacklistedToken, Session)


def purged_table_rows() -> dict[str, int]:
    """Rows of each table the purge shrinks, by table name."""
    return {model._meta.db_table: model.objects.count() for model in PURGED_MODELS}


def tokens_purge_expired() -> None:
    """manage.py purge (daily): what no check needs any more. simplejwt's flushexpiredtokens deletes expired refresh
    tokens with their blacklist rows (a blacklisted token must stay until it expires, or it would be valid again);
    then the sessions that ended or passed their end."""
    call_command("flushexpiredtokens")
    sessions_purge()


def sessions_purge(*, now=None) -> int:
    """Deletes sessions that ended or passed their end (manage.py purge, daily): their tokens are refused
    without them too, as the tokens of no session. Returns how many went."""
    now = now or timezone.now()
    deleted, _per_model = Session.objects.filter(Q(ended_at__isnull=False) | Q(expires_at__lte=now)).delete()
    return deleted


def token_user(token):
    """The user a validated token speaks for, or None if the token was revoked: its session ended or passed its
    end, or it holds an older token version. One query (the session or user with the version, joined). Raises
    the user model's DoesNotExist when a token without a session names no user."""
    user_id = token[jwt_settings().USER_ID_CLAIM]
    if SESSION_CLAIM in token:
        session = (
            Session.objects.select_related("user__token_version")
            .filter(pk=token[SESSION_CLAIM], user_id=user_id)
            .first()
        )
        if session is None or not session.is_live(timezone.now()):
            return None
        user = session.user
    else:
        user = (
            get_user_model()
            .objects.select_related("token_version")
            .get(**{jwt_settings().USER_ID_FIELD: user_id})
        )
    return user if holds_version(token, version_of(user)) else None


def password_change_check(user, old_password: str, new_password: str) -> None:
    """Django's checks, both fields at once: PasswordChangeForm's for the old password, the AUTH_PASSWORD_VALIDATORS
    for the new one. Raises ValidationError({"old_password": [...], "new_password": [...]})."""
    errors = {}
    if not user.check_password(old_password):
        errors["old_password"] = [
            ValidationError(
                PasswordChangeForm.error_messages["password_incorrect"], code="password_incorrect"
            )
        ]
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        errors["new_password"] = error.error_list
    if errors:
        raise ValidationError(errors)


def password_change(
    user,
    old_password: str,
    new_password: str,
    *,
    user_agent: str = "",
    address: str | None = None,
    remember: bool = False,
) -> dict[str, str]:
    """Changes the password after Django's checks, ends every session of the user (revoking every token), and starts
    a new session for the device that asked: its pair (remembered if `remember`, as the device's session was). From
    `address`, the current password is an attempt the login lockout counts (simplejwt_sessions/lockout.py): a stolen
    access token gets no more guesses than the login form."""
    counted = lockout.attempt(address, user.get_username()) if address is not None else None
    try:
        password_change_check(user, old_password, new_password)
    except ValidationError as error:
        if counted is not None and "old_password" not in error.error_dict:
            counted.succeeded()
        raise
    if counted is not None:
        counted.succeeded()
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        sessions_end_all(user, Session.EndReason.PASSWORD)
        pair = session_start(user, user_agent, remember=remember)
    # This endpoint's key order (login's is reversed).
    return {"access": pair["access"], "refresh": pair["refresh"]}


def session_remembered(token) -> bool:
    """Whether the session a token (an access token of the request, or a refresh token) belongs to was started with
    "remember me" (cookie mode); a token of no session: no."""
    sid = token.get(SESSION_CLAIM) if token is not None else None
    if not isinstance(sid, str):
        return False
    return bool(Session.objects.filter(pk=sid).values_list("remember", flat=True).first())


def refresh_cookie_max_age(refresh: str) -> int | None:
    """Cookie mode: the Max-Age of the cookie that holds `refresh` (a token the app just issued), the seconds until
    its exp if its session is remembered; None (a session cookie, gone when the browser closes) if not."""
    token = SessionRefreshToken(refresh, verify=False)
    if not session_remembered(token):
        return None
    return max(0, token["exp"] - int(timezone.now().timestamp()))
