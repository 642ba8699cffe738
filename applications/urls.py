from __future__ import annotations

from django.urls import path

from applications import letter_views, views

app_name = "applications"

urlpatterns = [
    path("applications/apply/", views.apply, name="apply"),
    path("applications/link/", views.renew, name="renew"),
    path("applications/a/<str:token>/", views.status, name="status"),
    path("applications/a/<str:token>/edit/", views.edit, name="edit"),
    path("applications/a/<str:token>/submit/", views.check, name="check"),
    path("applications/a/<str:token>/submitted/", views.submitted, name="submitted"),
    path("applications/a/<str:token>/answer/", views.answer, name="answer"),
    path("applications/a/<str:token>/documents/add/", views.add_document, name="add_document"),
    path("applications/a/<str:token>/documents/<int:document>/", views.document, name="document"),
    path("applications/a/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("coordinator/applications/", views.coordinator_list, name="coordinator_list"),
    path("coordinator/applications/<int:pk>/", views.coordinator_review, name="coordinator_review"),
    path(
        "coordinator/applications/<int:pk>/documents/<int:document>/",
        views.coordinator_document,
        name="coordinator_document",
    ),
    path("coordinator/applications/<int:pk>/<slug:action>/", views.coordinator_action, name="coordinator_action"),
    # The decision letter and the leadership group's memo (applications.letters)
    path("applications/a/<str:token>/decision.pdf", letter_views.decision_letter, name="decision_letter"),
    path(
        "coordinator/applications/<int:pk>/decision.pdf",
        letter_views.coordinator_decision_letter,
        name="coordinator_decision_letter",
    ),
    path("coordinator/applications/memo.pdf", letter_views.coordinator_memo, name="coordinator_memo"),
]
