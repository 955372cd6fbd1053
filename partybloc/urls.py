from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from partybloc import views
from partybloc.accounts import views as accounts
from partybloc.accounts.middleware import ANY, sign_in_step

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", accounts.sign_in, name="login"),
    path("logout/", accounts.sign_out, name="logout"),
    path("account/password/", accounts.change_password, name="password_change"),
    path("password-reset/", accounts.password_reset, name="password_reset"),
    path("password-reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("", include("partybloc.accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("inspections/", include("inspections.urls")),
    path("early-warnings/", include("inspections.early_warnings.urls")),
    path("meetings/", include("meetings.urls")),
    path("jobs/", include("partybloc.jobs.urls")),
    path("audit/", include("partybloc.audit.urls")),
    path("dashboard/", include("reports.dashboard_urls")),
    path("year/", include("members.year.urls")),
    path("dues/", include("members.dues.urls")),
    path("reports/", include("reports.urls")),
    path("documents/", include("partybloc.registry.urls")),
    path("notifications/", include("partybloc.notifications.urls")),
    # Switching language stays open while a sign-in step is owed.
    path(
        "i18n/setlang/",
        sign_in_step(ANY)(set_language),
        name="set_language",
    ),
    path("admin/", admin.site.urls),
]
