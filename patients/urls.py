from django.urls import path
from rest_framework.routers import SimpleRouter

from patients import api

router = SimpleRouter()
router.register("patients", api.PatientViewSet, basename="patient")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("auth/login/", api.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", api.LogoutView.as_view(), name="auth-logout"),
    path("auth/invite/<str:token>/", api.InviteAcceptView.as_view(), name="auth-invite"),
    path("auth/password-reset/", api.PasswordResetView.as_view(), name="password-reset"),
    path(
        "auth/password-reset/confirm/",
        api.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("me/", api.MeView.as_view(), name="me"),
    path("me/two-factor/", api.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("me/two-factor/confirm/", api.TwoFactorConfirmView.as_view(), name="two-factor-confirm"),
    *router.urls,
]
