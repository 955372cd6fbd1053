from organizations import access


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_is_office_staff": access.is_office_staff(user),
        "nav_can_use_admin": user.is_staff and access.is_office_staff(user),
    }
