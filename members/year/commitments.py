"""Commitments under a directive: who has not submitted, and plans that are near-copies of each
other (seed 000 complains that personal action plans are copied)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from django.db.models import QuerySet

from members.models import Member
from members.year.models import Commitment, Directive
from partybloc.text import fold

SHINGLE_WORDS = 3
NEAR_COPY_SIMILARITY = 0.8


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", fold(text))
    if len(words) < SHINGLE_WORDS:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def similarity(first: str, second: str) -> float:
    """Jaccard similarity of word 3-grams, accents and case ignored: 1.0 for a copy."""
    a, b = _shingles(first), _shingles(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class NearCopies:
    """Commitments linked by near-copy pairs (a copy of a copy belongs with both), with the
    lowest and highest similarity of those pairs, in percent."""

    commitments: list[Commitment]
    lowest: int
    highest: int


def near_copies(
    commitments: Iterable[Commitment], *, threshold: float = NEAR_COPY_SIMILARITY
) -> list[NearCopies]:
    """Groups of commitments whose texts are near-copies: every pair at or above the threshold
    joins its two commitments into one group. Largest and most similar first. Compared within
    each grassroots organization, where copying happens, so the work stays small."""
    groups: dict[str, list[tuple[Commitment, set]]] = {}
    for commitment in commitments:
        path = commitment.member.organization.path
        head = path[: path.find("/", path.find("/") + 1) + 1]  # the bloc's direct child
        groups.setdefault(head, []).append((commitment, _shingles(commitment.text)))
    parent: dict[int, int] = {}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    by_pk: dict[int, Commitment] = {}
    scores: list[tuple[int, int, float]] = []
    for items in groups.values():
        for (first, a), (second, b) in combinations(items, 2):
            if a and b:
                score = len(a & b) / len(a | b)
                if score >= threshold:
                    for commitment in (first, second):
                        by_pk[commitment.pk] = commitment
                        parent.setdefault(commitment.pk, commitment.pk)
                    parent[root(first.pk)] = root(second.pk)
                    scores.append((first.pk, second.pk, score))
    clusters: dict[int, list[float]] = {}
    for first, _second, score in scores:
        clusters.setdefault(root(first), []).append(score)
    members: dict[int, list[Commitment]] = {}
    for pk, commitment in by_pk.items():
        members.setdefault(root(pk), []).append(commitment)
    found = [
        NearCopies(
            commitments=sorted(members[key], key=lambda c: (c.member.sort_key, c.pk)),
            lowest=round(min(values) * 100),
            highest=round(max(values) * 100),
        )
        for key, values in clusters.items()
    ]
    return sorted(found, key=lambda group: (-len(group.commitments), -group.highest))


def missing_commitments(
    directive: Directive, year: int, members: QuerySet[Member]
) -> QuerySet[Member]:
    """Active members in the given queryset with no commitment for the directive and year."""
    done = Commitment.objects.filter(directive=directive, year=year).values("member_id")
    return members.exclude(pk__in=done)
