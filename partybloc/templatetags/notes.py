"""{{ stored|note }}: a reason or note the portal wrote, in the reader's language
(partybloc.notes)."""

from django import template

from partybloc.notes import shown

register = template.Library()


@register.filter
def note(stored) -> str:
    return shown(stored)
