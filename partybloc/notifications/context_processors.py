from partybloc.notifications.models import Notification


def unread_notices(request):
    """The count of unread notices in the top bar: one look-up on a partial index."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"nav_unread_notices": Notification.objects.filter(recipient=user).unread().count()}
