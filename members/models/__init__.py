"""The member register and the member's year: one module per aggregate."""

from members.models.admissions import AdmissionRule, AdmissionStep, Candidate, CandidateStep
from members.models.commitments import Commitment, Directive, ImplementationPlan
from members.models.ratings import Rating, RatingLevel, RatingRule, RatingScale
from members.models.register import (
    ACTIVE_STATUSES,
    PROBATION_YEARS,
    STATUS_TRANSITIONS,
    Gender,
    LeadershipPosition,
    Member,
    MemberPlacement,
    MemberQuerySet,
    MemberStatusChange,
    Status,
    TheoryLevel,
    add_years,
    national_id_format,
    national_id_mismatch,
    party_card_format,
)
from members.models.targets import Target, TargetGroup

__all__ = [
    "ACTIVE_STATUSES", "PROBATION_YEARS", "STATUS_TRANSITIONS", "AdmissionRule", "AdmissionStep",
    "Candidate", "CandidateStep", "Commitment", "Directive", "Gender", "ImplementationPlan",
    "LeadershipPosition", "Member", "MemberPlacement", "MemberQuerySet", "MemberStatusChange",
    "Rating", "RatingLevel", "RatingRule", "RatingScale", "Status", "Target", "TargetGroup",
    "TheoryLevel", "add_years", "national_id_format", "national_id_mismatch", "party_card_format",
]  # fmt: skip
