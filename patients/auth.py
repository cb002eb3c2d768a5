"""API token authentication: knox's tokens, read in one query.

knox reads the token with its user, then, on every request, all of that user's tokens
to delete the expired ones. Here the token, its user and the user's patient profile (for
patients) come in one query, and only the token in hand is checked for expiry; the
user's other expired tokens are deleted when a new token is issued (patients/signin.py),
so they are never valid and never pile up. Tokens are not refreshed per request
(REST_KNOX AUTO_REFRESH stays off), so reading them writes nothing.
"""

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions


class TokenAuthentication(auth.TokenAuthentication):
    def tokens(self):
        """The tokens a key may match, with what the request needs of their user."""
        return get_token_model().objects.select_related("user", "user__patient")

    def authenticate_credentials(self, token):
        msg = _("Invalid token.")
        token = token.decode("utf-8")
        for auth_token in self.tokens().filter(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH]):
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(msg)
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(msg)

    def _cleanup_token(self, auth_token) -> bool:
        """Delete this token if it has expired (True: skip it)."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme stays knox's (`knoxApiToken`) for this class and its
    subclasses."""

    target_class = TokenAuthentication
    match_subclasses = True


def delete_expired_tokens(user) -> None:
    """The user's expired tokens, which TokenAuthentication leaves in place."""
    get_token_model().objects.filter(user=user, expiry__lt=timezone.now()).delete()
