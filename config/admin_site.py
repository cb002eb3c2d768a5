"""/admin/ signs in under the API's rules: the same throttle, django-axes' lockout (through
authenticate()) and the second factor for anyone who has one."""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from config.throttling import admin_login_throttled
from patients import signin, twofactor


class SignInForm(AdminAuthenticationForm):
    otp = forms.CharField(
        required=False,
        label="Code from your authenticator app (if you use one)",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        try:
            signin.check_second_factor(
                self.request, user, email=user.email, otp=self.cleaned_data.get("otp", "")
            )
        except signin.SignInError as error:
            if "otp_setup" in error.extra:
                raise forms.ValidationError(
                    "Your clinic asks for two-step sign-in. Sign in to the app first to set "
                    "it up, then come back here."
                )
            raise forms.ValidationError(error.detail)


class RehabAdminSite(admin.AdminSite):
    login_form = SignInForm
    login_template = "admin/otp_login.html"

    def login(self, request, extra_context=None):
        if request.method == "POST":
            refused = admin_login_throttled(request)
            if refused is not None:
                return refused
        return super().login(request, extra_context)

    def has_permission(self, request):
        # A session signed in without the second factor (e.g. before it was added) does
        # not open the admin.
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        return super().has_permission(request) and (verified or not twofactor.has_device(user))
