from django.urls import path
from rest_framework.routers import SimpleRouter

from questionnaires.api import questionnaires, responses

router = SimpleRouter()
router.register(
    "questionnaire-responses",
    responses.QuestionnaireResponseViewSet,
    basename="questionnaire-response",
)

urlpatterns = [
    path("questionnaires/", questionnaires.QuestionnaireListView.as_view(), name="questionnaires"),
    *router.urls,
]
