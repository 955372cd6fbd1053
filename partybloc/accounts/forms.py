from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control form-control-lg text-center",
            }
        ),
    )

    def clean_code(self):
        # Apps show the code as "123 456"; people type it that way.
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Enter the 6 digits shown in the authenticator app."))
        return code


class NewPasswordRules:
    """The rules in a line of our own (Django's list addresses the reader as "bạn"), and a new
    password that is the old one (or the office's temporary one) changes nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "At least 8 characters; not close to your name or username; not a common password."
        )

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("new_password2")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error(
                "new_password2",
                forms.ValidationError(
                    _("The new password must differ from the current one."), code="password_same"
                ),
            )
        return cleaned_data


class ChangePasswordForm(NewPasswordRules, PasswordChangeForm):
    pass


class ResetPasswordForm(NewPasswordRules, SetPasswordForm):
    pass


class TemporaryPasswordForm(forms.Form):
    remove_devices = forms.BooleanField(
        label=_("Also remove their authenticator app (they set it up again at sign-in)"),
        required=False,
        help_text=_("When they lost the phone that gives their sign-in codes."),
    )


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Username or name"), required=False, max_length=100)
