from django import template

from inspections.models import DisciplineDecision

register = template.Library()


@register.inclusion_tag("inspections/_member_discipline.html", takes_context=True)
def member_discipline(context, member):
    """The member's discipline decisions, for the member's page (seen through the same door)."""
    request = context.get("request")
    decisions = DisciplineDecision.objects.none()
    if request is not None:
        decisions = DisciplineDecision.objects.visible_to(request.user).filter(member=member)
    return {"decisions": list(decisions.order_by("-decided_on", "-pk"))}
