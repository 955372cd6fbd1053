from django.urls import path

from partybloc.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.register, name="list"),
    path("export/", views.register_export, name="export"),
    path("<int:pk>/pdf/", views.document_file, {"kind": "pdf"}, name="pdf"),
    path("<int:pk>/docx/", views.document_file, {"kind": "docx"}, name="docx"),
]
