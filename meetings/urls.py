from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_start, name="start"),
    path("review/", views.review_queue, name="queue"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/exemptions/new/", views.exemption_create, name="exemption_create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/autosave/", views.meeting_autosave, name="autosave"),
    path("<int:pk>/submit/", views.meeting_submit, name="submit"),
    path("<int:pk>/review/", views.meeting_review, name="review"),
    path("<int:pk>/versions/<int:number>/", views.meeting_version, name="version"),
    path("<int:pk>/print/", views.meeting_pdf, name="pdf"),
    path("<int:pk>/attachments/", views.meeting_attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
