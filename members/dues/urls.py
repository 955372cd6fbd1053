from django.urls import path

from members.dues import views

app_name = "dues"
urlpatterns = [
    path("", views.home, name="home"),
    path("cells/<int:pk>/", views.book, name="book"),
    path("cells/<int:pk>/payments/", views.record_payment, name="record_payment"),
    path("organizations/<int:pk>/", views.overview, name="overview"),
    path("organizations/<int:pk>/remittances/", views.record_remittance, name="record_remittance"),
    path("members/<int:pk>/", views.member_dues, name="member"),
    path("report/<int:pk>/", views.report, name="report"),
    path("report/<int:pk>/export.xlsx", views.report_export, name="report_export"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
]
