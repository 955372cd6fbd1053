from django.urls import path

from inspections.early_warnings import views

app_name = "early_warnings"
urlpatterns = [
    path("", views.warning_list, name="list"),
    path("refresh/", views.warning_refresh, name="refresh"),
    path("<int:pk>/", views.warning_detail, name="detail"),
]
