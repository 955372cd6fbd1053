"""Numbers in templates, printed as the reports print them (partybloc.numbers)."""

from django import template

from partybloc.numbers import format_number, format_percent, share

register = template.Library()


@register.filter
def percent(value, whole=None) -> str:
    """{{ share|percent }} prints a share; {{ present|percent:expected }} divides first."""
    if whole is not None:
        value = share(value or 0, whole)
    return format_percent(value)


@register.filter
def number(value) -> str:
    return format_number(value)
