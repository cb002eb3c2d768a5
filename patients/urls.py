from django.urls import path
from rest_framework.routers import SimpleRouter

from patients.api import auth, me, people

router = SimpleRouter()
router.register("patients", people.PatientViewSet, basename="patient")

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="auth-token"),
    path("auth/login/", auth.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/invite/<str:token>/", auth.InviteAcceptView.as_view(), name="auth-invite"),
    path("auth/password-reset/", auth.PasswordResetView.as_view(), name="password-reset"),
    path(
        "auth/password-reset/confirm/",
        auth.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("me/", me.MeView.as_view(), name="me"),
    path("me/two-factor/", me.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("me/two-factor/confirm/", me.TwoFactorConfirmView.as_view(), name="two-factor-confirm"),
    *router.urls,
]
