from django.urls import path
from rest_framework.routers import SimpleRouter

from protocols import api

router = SimpleRouter()
router.register("protocols", api.ProtocolViewSet, basename="protocol")
urlpatterns = [
    *router.urls,
    path("vocabulary/", api.VocabularyView.as_view(), name="vocabulary"),
]
