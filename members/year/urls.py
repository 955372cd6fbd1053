from django.urls import path

from members.year import views

app_name = "year"
urlpatterns = [
    path("admissions/", views.admissions_board, name="admissions"),
    path("admissions/new/", views.candidate_create, name="candidate_create"),
    path("admissions/export.xlsx", views.admissions_export, name="admissions_export"),
    path("admissions/<int:pk>/", views.candidate_detail, name="candidate"),
    path("admissions/<int:pk>/steps/", views.candidate_step, name="candidate_step"),
    path("admissions/<int:pk>/admit/", views.candidate_admit, name="candidate_admit"),
    path("ratings/cells/<int:pk>/", views.member_ratings, name="member_ratings"),
    path(
        "ratings/cells/<int:pk>/export.xlsx",
        views.member_ratings_export,
        name="member_ratings_export",
    ),
    path(
        "ratings/organizations/<int:pk>/", views.organization_ratings, name="organization_ratings"
    ),
    path("targets/", views.target_results, name="targets"),
    path("directives/", views.directive_list, name="directives"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
]
