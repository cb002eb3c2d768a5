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
    path("me/", api.MeView.as_view(), name="me"),
    *router.urls,
]
