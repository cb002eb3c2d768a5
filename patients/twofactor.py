"""Second factor (TOTP, RFC 6238: 30 s, 6 digits, with recovery codes) through django-otp.

Required for a clinic's admins (on by default) and for its physios when the clinic turns
it on; anyone else, patients included, may opt in.
"""

import base64

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from patients.models import User

RECOVERY_CODES = 10


def is_required(user: User) -> bool:
    """Whether this person must have a second factor to sign in."""
    clinic = user.clinic if user.is_clinic_staff else None
    if clinic is None:
        return False
    if user.role == User.Role.CLINIC_ADMIN:
        return clinic.two_factor_for_admins
    return clinic.two_factor_for_staff


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_setup(user: User) -> dict:
    """A new, unconfirmed authenticator key for the person to add to their app."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return _describe(device)


def pending_setup(user: User) -> dict | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).last()
    return _describe(device) if device else None


def _describe(device: TOTPDevice) -> dict:
    return {"secret": base64.b32encode(device.bin_key).decode(), "uri": device.config_url}


@transaction.atomic
def enrol(user: User, *, secret_base32: str) -> TOTPDevice:
    """Enrol a known key at once (seed_demo's --totp-secret, for scripts and tests)."""
    key = base64.b32decode(secret_base32.upper() + "=" * (-len(secret_base32) % 8)).hex()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)


@transaction.atomic
def confirm_setup(user: User, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending key with a code from the app; returns the device and new
    recovery codes (shown once), or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).last()
    if device is None or not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def verify(user: User, code: str) -> Device | None:
    """The device that accepts this code: a 6-digit code is the app's, anything else a
    recovery code (used up on use). django-otp throttles repeated failures per device."""
    code = (code or "").strip().replace(" ", "")
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    candidate = model.objects.filter(user=user, confirmed=True).first()
    if candidate is None:
        return None
    with transaction.atomic():
        device = Device.from_persistent_id(candidate.persistent_id, for_verify=True)
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None
