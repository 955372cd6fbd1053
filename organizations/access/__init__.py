"""Who may see and change what: the one place that decides it.

A user holds roles on organizations (RoleAssignment). What a user may see is the union of the
subtrees of the organizations they hold a seeing role on; outside it, objects do not exist for
them (views answer 404). Inside it, the rights below decide what they may change (else 403).

- office staff (on the bloc): see and change the whole register, restructure, use the admin;
- leader (on the bloc): see everything, change nothing;
- grassroots committee staff: see and keep their committee's subtree, restructure its cells;
- cell secretary: see their own cell;
- inspector: nothing of the register by role alone; their teams' inspections.

Each area has its module; everything is re-exported here, so callers write
`from organizations import access` and `access.can_review_minutes(user, organization)`.
Three shapes, one per question:

- `*_q(user)` builds the filter a list applies (each model's `visible_to(user)` uses one);
- `can_*(user, obj)` answers for one object, `can_*(user)` or a verb (`reviews_minutes(user)`)
  for a whole kind of work, which is what a menu or a button asks;
- `require(allowed)` turns a refusal into 403.

A view loads through the door, then requires the right, so that an object outside the scope is
404 before any right is asked::

    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    access.require(access.can_review_minutes(request.user, meeting.organization))

This package imports no model module (the models import it for their `visible_to`): it names
kinds, roles and states from the apps' `choices` modules, and reaches rows through relations
of the user and lookups in the filters it returns.
"""

from organizations.access.accounts import (
    account_scope_q,
    account_visible_q,
    can_manage_accounts,
)
from organizations.access.audit import (
    access_log_scope_q,
    can_export_full_national_ids,
    can_read_access_log,
    can_see_change_history,
    full_national_id_q,
)
from organizations.access.documents import (
    can_issue_for,
    document_register_q,
    keeps_document_register,
)
from organizations.access.dues import (
    can_manage_dues_rules,
    can_record_dues,
    can_record_remittance,
    dues_recording_q,
    dues_report_scope_q,
    dues_scope_q,
    sees_dues,
)
from organizations.access.early_warnings import (
    can_close_early_warning,
    can_refresh_early_warnings,
    early_warning_scope_q,
    sees_early_warnings,
)
from organizations.access.inspections import (
    can_carry_over,
    can_close_inspection,
    can_conclude,
    can_edit_findings,
    can_finalize,
    can_manage_complaints,
    can_manage_plans,
    can_manage_remediation,
    can_record_discipline,
    can_report_remediation,
    complaint_scope_q,
    discipline_scope_q,
    inspection_scope_q,
    plan_scope_q,
    sees_complaints,
    sees_discipline,
    sees_inspections,
    sees_plans,
    team_role,
)
from organizations.access.jobs import can_retry_job, job_scope_q
from organizations.access.meetings import (
    can_exempt_from_meetings,
    can_exempt_some_cell,
    can_record_meetings,
    can_review_minutes,
    exemptable_q,
    recordable_q,
    records_meetings,
    review_queue_q,
    reviewed_organizations_q,
    reviews_minutes,
)
from organizations.access.notifications import (
    can_edit_reminder_rules,
    can_hear_about,
    hearers_q,
    notice_scope_q,
)
from organizations.access.register import (
    KEEPER_ROLES,
    can_add_child,
    can_add_organizations,
    can_import_members,
    can_manage_members_of,
    can_manage_organization,
    can_register_members,
    can_restructure,
    can_see_organization,
    keeping_q,
    keeps_some_organization,
    member_destination_q,
)
from organizations.access.reports import (
    can_prepare_report,
    can_see_dashboard,
    dashboard_scope_q,
    prepares_reports,
    report_scope_q,
)
from organizations.access.scope import (
    KEEPING_ROLES,
    NOTHING,
    SEEING_ROLES,
    Scope,
    is_bloc_wide,
    is_office_staff,
    member_scope_q,
    organization_scope_q,
    path_q,
    require,
    scope_of,
    scope_root_q,
    sees_register,
)
from organizations.access.year import (
    can_approve_member_ratings,
    can_decide_admission,
    can_keep_candidates,
    can_manage_year_plan,
    can_rate_members_of,
    can_rate_organization,
    can_record_admission_step,
    candidate_keeping_q,
    keeps_candidates,
    plan_keeping_q,
    sees_targets,
)
from organizations.choices import Role

__all__ = [
    "KEEPER_ROLES",
    "KEEPING_ROLES",
    "NOTHING",
    "SEEING_ROLES",
    "Role",
    "Scope",
    "access_log_scope_q",
    "account_scope_q",
    "account_visible_q",
    "can_add_child",
    "can_add_organizations",
    "can_approve_member_ratings",
    "can_carry_over",
    "can_close_early_warning",
    "can_close_inspection",
    "can_conclude",
    "can_decide_admission",
    "can_edit_findings",
    "can_edit_reminder_rules",
    "can_exempt_from_meetings",
    "can_exempt_some_cell",
    "can_export_full_national_ids",
    "can_finalize",
    "can_hear_about",
    "can_import_members",
    "can_issue_for",
    "can_keep_candidates",
    "can_manage_accounts",
    "can_manage_complaints",
    "can_manage_dues_rules",
    "can_manage_members_of",
    "can_manage_organization",
    "can_manage_plans",
    "can_manage_remediation",
    "can_manage_year_plan",
    "can_prepare_report",
    "can_rate_members_of",
    "can_rate_organization",
    "can_read_access_log",
    "can_record_admission_step",
    "can_record_discipline",
    "can_record_dues",
    "can_record_meetings",
    "can_record_remittance",
    "can_refresh_early_warnings",
    "can_register_members",
    "can_report_remediation",
    "can_restructure",
    "can_retry_job",
    "can_review_minutes",
    "can_see_change_history",
    "can_see_dashboard",
    "can_see_organization",
    "candidate_keeping_q",
    "complaint_scope_q",
    "dashboard_scope_q",
    "discipline_scope_q",
    "document_register_q",
    "dues_recording_q",
    "dues_report_scope_q",
    "dues_scope_q",
    "early_warning_scope_q",
    "exemptable_q",
    "full_national_id_q",
    "hearers_q",
    "inspection_scope_q",
    "is_bloc_wide",
    "is_office_staff",
    "job_scope_q",
    "keeping_q",
    "keeps_candidates",
    "keeps_document_register",
    "keeps_some_organization",
    "member_destination_q",
    "member_scope_q",
    "notice_scope_q",
    "organization_scope_q",
    "path_q",
    "plan_keeping_q",
    "plan_scope_q",
    "prepares_reports",
    "recordable_q",
    "records_meetings",
    "report_scope_q",
    "require",
    "review_queue_q",
    "reviewed_organizations_q",
    "reviews_minutes",
    "scope_of",
    "scope_root_q",
    "sees_complaints",
    "sees_discipline",
    "sees_dues",
    "sees_early_warnings",
    "sees_inspections",
    "sees_plans",
    "sees_register",
    "sees_targets",
    "team_role",
]
