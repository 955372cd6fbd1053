from django.urls import path

from reports import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.dashboard, name="index"),
]
