from __future__ import annotations

from django.urls import path

from applications import views

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
]
