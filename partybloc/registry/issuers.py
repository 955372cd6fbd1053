"""Who issues a party document and how it says so (Hướng dẫn 36-HD/VPTW): the superior body and
the issuing body of the header, the symbol after the number, and the signature block, all from
the organization, the body of it that issues, and the signer's post on the day."""

import datetime
from dataclasses import dataclass

from django.conf import settings

from members.models import LeadershipPosition
from organizations.models import Organization
from partybloc.registry.choices import Body

Post = LeadershipPosition.Post


@dataclass(frozen=True)
class Issuer:
    superior: str  # "ĐẢNG BỘ TỈNH NINH THUẬN"
    body: str  # "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    symbol: str  # "ĐUK": after the kind in the number, "45-BC/ĐUK"
    authority: str  # "T/M BAN THƯỜNG VỤ"
    head_post: str  # "BÍ THƯ"
    deputy_post: str  # "PHÓ BÍ THƯ"
    # How the body is named in a sentence and in "Nơi nhận": "Ban Thường vụ Đảng ủy Khối".
    name: str

    def number(self, kind: str, sequence: int) -> str:
        return f"{sequence:02d}-{kind}/{self.symbol}"

    def signature(self, *, deputy: bool) -> tuple[str, str]:
        """The two lines over the signer's name: "T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ"."""
        return (self.authority, self.deputy_post if deputy else self.head_post)


def committee_name(organization: Organization) -> str:
    """The name of an organization's committee: "Đảng bộ Sở Tư pháp" is led by the "Đảng ủy Sở
    Tư pháp" (a cell by itself)."""
    name = " ".join(organization.name.split())
    if name.lower().startswith("đảng bộ "):
        return "Đảng ủy " + name[len("đảng bộ ") :]
    return name


def _party_name(organization: Organization) -> str:
    """An organization as the superior body of the header: the Đảng bộ, or the cell."""
    return " ".join(organization.name.split()).upper()


def has_standing_committee(organization: Organization, on: datetime.date) -> bool:
    return (
        LeadershipPosition.objects.filter(
            organization=organization, post=Post.STANDING_COMMITTEE, started_on__lte=on
        )
        .exclude(ended_on__lt=on)
        .exists()
    )


def issuer_of(
    organization: Organization, *, body: str = Body.COMMITTEE, on: datetime.date
) -> Issuer:
    """How `body` of `organization` issues its documents on the day `on`."""
    is_bloc = organization.parent_id is None
    is_cell = organization.kind in Organization.CELL_KINDS
    own = committee_name(organization)
    if is_bloc:
        superior = f"ĐẢNG BỘ TỈNH {settings.DOCUMENT_PLACE.upper()}"
    else:
        superior = _party_name(organization.parent)
    if body == Body.INSPECTION_COMMITTEE:
        symbol = "UBKT" + ("ĐUK" if is_bloc else "ĐU")
        return Issuer(
            superior=own.upper(),
            body="ỦY BAN KIỂM TRA",
            symbol=symbol,
            authority="T/M ỦY BAN KIỂM TRA",
            head_post="CHỦ NHIỆM",
            deputy_post="PHÓ CHỦ NHIỆM",
            name=f"Ủy ban Kiểm tra {own}",
        )
    if is_cell:
        authority, name, symbol = "T/M CHI BỘ", own, "CB"
    elif is_bloc or has_standing_committee(organization, on):
        authority, name = "T/M BAN THƯỜNG VỤ", f"Ban Thường vụ {own}"
        symbol = "ĐUK" if is_bloc else "ĐU"
    else:
        authority, name, symbol = "T/M ĐẢNG ỦY", own, "ĐU"
    return Issuer(
        superior=superior,
        body=own.upper(),
        symbol=symbol,
        authority=authority,
        head_post="BÍ THƯ",
        deputy_post="PHÓ BÍ THƯ",
        name=name,
    )


def signers(organization: Organization, on: datetime.date) -> list[LeadershipPosition]:
    """Who may sign for the organization's committee on the day: its secretary, its deputies."""
    return list(
        LeadershipPosition.objects.filter(
            organization=organization, post__in=(Post.SECRETARY, Post.DEPUTY), started_on__lte=on
        )
        .exclude(ended_on__lt=on)
        .select_related("member")
        .order_by("-post", "started_on")  # "secretary" sorts after "deputy": the secretary first
    )
