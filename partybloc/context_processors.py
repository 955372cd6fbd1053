from organizations import access
from partybloc.people import display_name


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_user_name": display_name(user),
        "nav_is_office_staff": access.is_office_staff(user),
        "nav_can_use_admin": user.is_staff and access.is_office_staff(user),
        "nav_can_see_dashboard": access.can_see_dashboard(user),
        "nav_can_manage_accounts": access.can_manage_accounts(user),
        "nav_can_read_access_log": access.can_read_access_log(user),
        "nav_keeps_document_register": access.keeps_document_register(user),
        # Each menu item and tab asks the function its page requires.
        "nav_sees_register": access.sees_register(user),
        "nav_sees_inspections": access.sees_inspections(user),
        "nav_sees_plans": access.sees_plans(user),
        "nav_sees_complaints": access.sees_complaints(user),
        "nav_sees_discipline": access.sees_discipline(user),
        "nav_sees_targets": access.sees_targets(user),
        "nav_reviews_minutes": access.reviews_minutes(user),
        "nav_sees_early_warnings": access.sees_early_warnings(user),
    }
