"""How the portal prints numbers: Vietnamese grouping (2.305), a decimal comma (13,7), and
shares kept exact until printed, then rounded once, half up, to one decimal."""

from decimal import ROUND_HALF_UP, Decimal


def displayed(value) -> Decimal:
    """A share as printed, to one decimal, half up: the only place a figure is rounded, so
    15,045 of 16,726 (89.9497…%) prints 89,9%, never 90,0% from a rounding of a rounding."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _grouped(text: str) -> str:
    whole, _dot, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = sign + f"{abs(int(whole)):,}".replace(",", ".")
    return grouped + ("," + fraction if fraction else "")


def format_number(value) -> str:
    """Vietnamese grouping: 2.305; decimals with a comma: 13,7."""
    if value is None:
        return "—"
    if isinstance(value, (float, Decimal)) and value != int(value):
        return _grouped(f"{displayed(value)}")
    return _grouped(str(int(value)))


def format_percent(value) -> str:
    """93,0% — the one function that prints a share, in reports, the dashboard and pages."""
    if value is None:
        return "—"
    return _grouped(f"{displayed(value)}") + "%"


def share(part, whole) -> Decimal | None:
    """part of whole in percent, exact (rounded only when printed, by format_percent)."""
    return Decimal(part) * 100 / Decimal(whole) if whole else None
