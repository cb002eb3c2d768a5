"""Clinics, the people in them (staff with a role, patients) and patient invites."""

import re
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Clinic(models.Model):
    name = models.CharField(max_length=200, unique=True)
    two_factor_for_admins = models.BooleanField(
        default=True, help_text="Clinic admins must sign in with a second factor."
    )
    two_factor_for_staff = models.BooleanField(
        default=False, help_text="Physios must sign in with a second factor too."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        # A superuser runs the whole installation and belongs to no clinic, so no clinic's
        # admin can see or edit them.
        fields.update(is_staff=True, is_superuser=True, clinic=None)
        fields.setdefault("role", User.Role.CLINIC_ADMIN)
        fields.setdefault("name", email)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. Staff belong to one clinic; a patient has a Patient profile;
    a superuser belongs to none."""

    class Role(models.TextChoices):
        PATIENT = "patient", "Patient"
        PHYSIO = "physio", "Physio"
        CLINIC_ADMIN = "clinic_admin", "Clinic admin"

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PATIENT)
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    # Empty until chosen: the app then follows the phone's language and sets it once, so
    # emails and the PDF report can speak it too.
    language = models.CharField(
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text="The language of the app, emails and reports for this person.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role="patient")
                | models.Q(is_superuser=True)
                | models.Q(clinic__isnull=False),
                name="staff_belong_to_a_clinic",
            ),
            models.CheckConstraint(
                condition=models.Q(is_superuser=False) | models.Q(clinic__isnull=True),
                name="superusers_belong_to_no_clinic",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        # A new password ends every API token (sessions end by Django's own auth hash).
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            self.auth_token_set.all().delete()

    @property
    def preferred_language(self) -> str:
        """The language emails and reports use: the chosen one, else the site's default."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def is_clinic_staff(self) -> bool:
        return self.role in (self.Role.PHYSIO, self.Role.CLINIC_ADMIN)


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"'{value}' is not a known time zone (e.g. Europe/London).")


PHONE = re.compile(r"^\+?[0-9][0-9 ()\-./]{4,30}$")


def validate_phone(value: str) -> None:
    if value and not PHONE.match(value):
        raise ValidationError("Enter a phone number: digits, spaces and an optional leading +.")


class Patient(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="patient")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    date_of_birth = models.DateField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    phone = models.CharField(
        max_length=32,
        blank=True,
        validators=[validate_phone],
        help_text="Optional, for the clinic to call; never used for messages or reminders.",
    )
    treating_physio = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="treated_patients",
        limit_choices_to={"role__in": ["physio", "clinic_admin"]},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def email(self) -> str:
        return self.user.email

    def local_now(self):
        return timezone.now().astimezone(zoneinfo.ZoneInfo(self.timezone))

    def local_today(self):
        """The patient's own calendar date, which every log and rule uses."""
        return self.local_now().date()


class Invite(models.Model):
    """A one-time invitation for a patient to set a password.

    The token is signed from `public_id` and never stored, so a leaked database
    or task queue holds no usable invite.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="invites")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invite for {self.patient} ({self.created_at:%Y-%m-%d})"
