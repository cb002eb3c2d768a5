from django.urls import path
from rest_framework.routers import SimpleRouter

from protocols.api import protocols, vocabulary

router = SimpleRouter()
router.register("protocols", protocols.ProtocolViewSet, basename="protocol")
urlpatterns = [
    *router.urls,
    path("vocabulary/", vocabulary.VocabularyView.as_view(), name="vocabulary"),
]
