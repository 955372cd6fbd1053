"""The register of documents issued: who keeps it and which part of it."""

from django.db.models import Q

from organizations.access.scope import NOTHING, path_q, scope_of
from organizations.choices import OrganizationKind, Role
from partybloc.types import Viewer


def document_register_q(user: Viewer, prefix: str = "") -> Q:
    """Documents (or organizations, with no prefix) in the register a user keeps: the bloc
    office the whole of its subtree, a committee's staff their committee's own documents."""
    s = scope_of(user)
    if s.superuser:
        return Q()
    office = path_q(f"{prefix}path", s.paths(Role.OFFICE_STAFF))
    committee_paths = s.paths(Role.COMMITTEE_STAFF)
    committee = Q(**{f"{prefix}path__in": committee_paths}) if committee_paths else NOTHING
    return office | committee


def keeps_document_register(user: Viewer) -> bool:
    s = scope_of(user)
    return s.superuser or s.has_role(Role.OFFICE_STAFF, Role.COMMITTEE_STAFF)


def can_issue_for(user: Viewer, organization_path: str, organization_kind: str) -> bool:
    """The bloc office issues for any organization of its subtree; a committee's staff for
    their own committee."""
    s = scope_of(user)
    return (
        s.superuser
        or s.within(organization_path, Role.OFFICE_STAFF)
        or (
            organization_kind == OrganizationKind.COMMITTEE
            and s.holds_on(organization_path, Role.COMMITTEE_STAFF)
        )
    )
