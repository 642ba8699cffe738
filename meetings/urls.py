from __future__ import annotations

from django.urls import path

from meetings import attendance_views, views

app_name = "meetings"

urlpatterns = [
    path("events/", views.calendar, name="calendar"),
    path("events/feed.ics", views.feed, name="feed"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/register/", views.register, name="register"),
    path("events/registration/link/", views.registration_link, name="registration_link"),
    path("events/registration/<str:token>/", views.registration_detail, name="registration_detail"),
    path("events/registration/<str:token>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("events/registration/<str:token>/change/", views.registration_change, name="registration_change"),
    path("coordinator/events/", views.coordinator_events, name="coordinator_events"),
    path("coordinator/events/<int:pk>/attendance/", attendance_views.attendance, name="attendance"),
    path("coordinator/events/<int:pk>/confirmations/", views.membership_confirmations, name="membership_confirmations"),
    path("coordinator/participation/", views.participation, name="participation"),
    path("coordinator/participation/export.xlsx", views.participation_export, name="participation_export"),
    path("coordinator/hosting-plan/", views.hosting_plan, name="hosting_plan"),
]
