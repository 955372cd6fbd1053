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
