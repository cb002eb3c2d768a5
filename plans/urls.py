from django.urls import path

from plans.api import views

urlpatterns = [
    path("enrolments/<int:pk>/plan/", views.PlanView.as_view(), name="enrolment-plan"),
    path(
        "enrolments/<int:pk>/plan/changes/",
        views.PlanChangesView.as_view(),
        name="enrolment-plan-changes",
    ),
    path(
        "enrolments/<int:pk>/plan/template/",
        views.ApplyTemplateView.as_view(),
        name="enrolment-plan-template",
    ),
    path("plan-templates/", views.PlanTemplatesView.as_view(), name="plan-templates"),
    path("plan-templates/<int:pk>/", views.PlanTemplateView.as_view(), name="plan-template"),
]
