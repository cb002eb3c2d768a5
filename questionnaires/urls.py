from django.urls import path
from rest_framework.routers import SimpleRouter

from questionnaires import api

router = SimpleRouter()
router.register(
    "questionnaire-responses", api.QuestionnaireResponseViewSet, basename="questionnaire-response"
)

urlpatterns = [
    path("questionnaires/", api.QuestionnaireListView.as_view(), name="questionnaires"),
    *router.urls,
]
