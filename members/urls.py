from django.urls import path

from members import views

app_name = "members"

urlpatterns: list = [
    path("members/", views.member_list, name="list"),
    path("members/<slug:slug>/", views.member_detail, name="detail"),
]

api_urlpatterns = [
    path("members.json", views.members_json, name="api_json"),
    path("members.csv", views.members_csv, name="api_csv"),
]
