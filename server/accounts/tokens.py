from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken


class SingleUseRefreshToken(RefreshToken):
    """A refresh token that one rotation only can consume.

    simplejwt checks the blacklist when it reads the token and blacklists it after issuing new tokens, so two
    refreshes racing with one token could both win. Here the second to blacklist it loses, exactly like a
    refresh that arrives after the first (the contract: parallel refreshes log the loser out).
    """

    def blacklist(self):
        blacklisted, created = super().blacklist()
        if not created:
            raise TokenError(_("Token is blacklisted"))  # simplejwt's own message and translation
        return blacklisted, created
