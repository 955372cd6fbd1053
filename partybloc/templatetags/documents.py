"""Filters of the printed party documents."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partybloc.documents import header_lines

register = template.Library()


@register.filter
def party_lines(name: str) -> str:
    """A body's name in capitals, broken into the header's lines (documents.header_lines)."""
    if not name:
        return ""
    lines = header_lines(str(name).upper())
    return mark_safe("<br>".join(f"<span>{escape(line)}</span>" for line in lines))


@register.filter
def text_lines(text: str) -> list[str]:
    """The non-empty lines of a text a user typed: each prints as its own paragraph or item,
    indented the same."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


@register.filter
def clock(value: str) -> str:
    """'14:30:00' (a stored time) as the minutes write it: '14 giờ 30'."""
    if not value:
        return ""
    hours, minutes = str(value).split(":")[:2]
    return f"{int(hours)} giờ {minutes}"
