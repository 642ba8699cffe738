from django.urls import path

from members import views

app_name = "members"

urlpatterns: list = [
    path("members/", views.member_list, name="list"),
    path("members/<slug:slug>/", views.member_detail, name="detail"),
    # A member's contact person confirms or updates the contacts through this private link
    # (contact upkeep round): no login, the signed token is the key.
    path("contacts/<str:token>/", views.upkeep_answer, name="upkeep_answer"),
]

api_urlpatterns = [
    path("members.json", views.members_json, name="api_json"),
    path("members.csv", views.members_csv, name="api_csv"),
]
