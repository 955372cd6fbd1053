from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/renderings/<int:job_pk>/retry/", views.report_retry, name="retry"),
    path("<int:pk>/renderings/<int:job_pk>/pdf/", views.report_file, {"kind": "pdf"}, name="pdf"),
    path(
        "<int:pk>/renderings/<int:job_pk>/docx/", views.report_file, {"kind": "docx"}, name="docx"
    ),
    path(
        "<int:pk>/issued/<int:document_pk>/pdf/",
        views.issued_file,
        {"kind": "pdf"},
        name="issued_pdf",
    ),
    path(
        "<int:pk>/issued/<int:document_pk>/docx/",
        views.issued_file,
        {"kind": "docx"},
        name="issued_docx",
    ),
]
