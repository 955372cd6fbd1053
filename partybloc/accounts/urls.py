from django.urls import path

from partybloc.accounts import views
from partybloc.notifications import views as notifications

app_name = "accounts"
urlpatterns = [
    path("account/", views.profile, name="profile"),
    path("account/verify/", views.verify, name="verify"),
    path("account/two-factor/", views.enrol, name="enrol"),
    path("account/two-factor/remove/", views.remove_device, name="remove_device"),
    # The user's own choice of notices by email (partybloc/notifications).
    path("account/notices/", notifications.email_settings, name="notice_email"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/password/", views.reset_password, name="reset_password"),
    path("users/locks/", views.locks, name="locks"),
]
