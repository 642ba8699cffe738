from __future__ import annotations

from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/print/", views.member_print, name="member_print"),
    path("members/export.<str:fmt>", views.member_export, name="member_export"),
    path("contacts/export.<str:fmt>", views.contact_export, name="contact_export"),
    path("upkeep/", views.upkeep_overview, name="upkeep"),
    path("upkeep/<int:pk>/remind/", views.upkeep_remind, name="upkeep_remind"),
    path("upkeep/<int:pk>/close/", views.upkeep_close, name="upkeep_close"),
    path("upkeep/<int:pk>/unanswered.<str:fmt>", views.upkeep_unanswered_export, name="upkeep_unanswered_export"),
    path("upkeep/review/", views.upkeep_review, name="upkeep_review"),
    path("people/", views.person_list, name="person_list"),
    path("people/duplicates/", views.person_duplicates, name="person_duplicates"),
    path("people/<int:pk>/", views.person_data, name="person_data"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("people/<int:pk>/export/", views.person_export_page, name="person_export_page"),
    path("people/<int:pk>/export.json", views.person_export, name="person_export"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement_detail"),
]
