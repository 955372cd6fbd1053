from django.urls import path

from members import excel_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("pick/", views.member_pick, name="pick"),
    path("export.xlsx", excel_views.member_export, name="export"),
    path("export/full/", excel_views.member_export_full, name="export_full"),
    path("import/", excel_views.member_import, name="import"),
    path("import/template.xlsx", excel_views.import_template, name="import_template"),
    path("import/<str:token>/confirm/", excel_views.import_confirm, name="import_confirm"),
    path("import/<str:token>/cancel/", excel_views.import_cancel, name="import_cancel"),
    path("import/<str:token>/errors.xlsx", excel_views.import_errors, name="import_errors"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/status/", views.member_status, name="status"),
]
