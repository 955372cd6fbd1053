from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/start/", views.inspection_start, name="start"),
    path("<int:pk>/findings/new/", views.finding_form, name="finding_create"),
    path("<int:pk>/findings/<int:finding_pk>/", views.finding_form, name="finding_edit"),
    path(
        "<int:pk>/findings/<int:finding_pk>/delete/",
        views.finding_delete,
        name="finding_delete",
    ),
    path("<int:pk>/finalize/", views.inspection_finalize, name="finalize"),
    path("<int:pk>/conclude/", views.inspection_conclude, name="conclude"),
    path("<int:pk>/conclusion.pdf", views.conclusion_pdf, name="conclusion_pdf"),
    path("<int:pk>/close/", views.inspection_close, name="close"),
    path("<int:pk>/remediation/new/", views.remediation_create, name="remediation_create"),
    path("remediation/<int:pk>/report/", views.remediation_report, name="remediation_report"),
    path(
        "remediation/<int:pk>/carry-over/",
        views.remediation_carry_over,
        name="remediation_carry_over",
    ),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/teams/new/", views.team_create, name="team_create"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("discipline/", views.discipline_list, name="discipline_list"),
    path("discipline/new/", views.discipline_create, name="discipline_create"),
]
