from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp's admin shows any user's secret key as a QR code: whoever could open it could make
# that user's codes. Devices are set up by their owner and removed through the office's reset.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

# A permission's name is stored in English when the tables are made ("Can add party member"):
# the admin names it in the reader's language from its action and its model instead.
ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}
# Apps and models whose own names are not translatable (plain strings in third-party apps).
APP_NAMES = {"axes": _("sign-in attempts"), "otp_totp": _("two-factor sign-in")}
MODEL_NAMES = {("otp_totp", "totpdevice"): _("authenticator")}


def permission_label(permission: Permission) -> str:
    """'Đảng viên | đảng viên | Có quyền xem đảng viên': the app, the model and the right."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:  # a table left by an app no longer installed
        return permission.name
    app_name = APP_NAMES.get(content_type.app_label, model._meta.app_config.verbose_name)
    model_name = MODEL_NAMES.get(
        (content_type.app_label, content_type.model), model._meta.verbose_name
    )
    action = permission.codename.split("_", 1)[0]
    if action in ACTIONS and permission.codename == f"{action}_{content_type.model}":
        right = ACTIONS[action] % {"name": model_name}
    else:
        right = gettext(permission.name)
    return f"{app_name} | {model_name} | {right}"


class PermissionLabels:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if field is not None and db_field.remote_field.model is Permission:
            field.label_from_instance = permission_label
        return field


class OfficePasswordChangeForm(AdminPasswordChangeForm):
    # Django glues this warning to the help text as an English string, out of the catalogue.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class OfficeUserAdmin(PermissionLabels, UserAdmin):
    change_password_form = OfficePasswordChangeForm


class OfficeGroupAdmin(PermissionLabels, GroupAdmin):
    pass


for model, model_admin in ((get_user_model(), OfficeUserAdmin), (Group, OfficeGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
