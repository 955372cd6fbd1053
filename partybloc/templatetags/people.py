"""{{ user|person }}: a user's full name in Vietnamese order (partybloc.people)."""

from django import template

from partybloc.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    return display_name(user)
