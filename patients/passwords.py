"""Password rules beyond Django's: listed in AUTH_PASSWORD_VALIDATORS, so they hold at
invite acceptance, password reset, the admin site and `createsuperuser` alike."""

from django.core.exceptions import ValidationError


class NotBlankValidator:
    """Refuses a password that is empty or only spaces (8 spaces pass the length rule)."""

    message = "Choose a password with letters, numbers or symbols, not only spaces."

    def validate(self, password, user=None):
        if not password or not password.strip():
            raise ValidationError(self.message, code="password_blank")

    def get_help_text(self):
        return "Your password cannot be blank or only spaces."
