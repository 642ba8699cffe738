from django.urls import path

from members import views

app_name = "members"

urlpatterns: list = []

api_urlpatterns = [
    path("members.json", views.members_json, name="api_json"),
    path("members.csv", views.members_csv, name="api_csv"),
]
