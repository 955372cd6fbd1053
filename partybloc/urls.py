from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from partybloc import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("inspections/", include("inspections.urls")),
    path("meetings/", include("meetings.urls")),
    path("jobs/", include("partybloc.jobs.urls")),
    path("dashboard/", include("reports.dashboard_urls")),
    path("year/", include("members.year.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
