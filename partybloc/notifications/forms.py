from django import forms
from django.utils.translation import gettext_lazy as _

from partybloc.forms import CapitalizedLabels
from partybloc.notifications.choices import Delivery
from partybloc.notifications.models import EmailPreference


class EmailDeliveryForm(CapitalizedLabels, forms.Form):
    delivery = forms.ChoiceField(
        label=_("Notices by email"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    email = forms.EmailField(label=_("Email address"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("delivery", Delivery.NONE) != Delivery.NONE and not data.get("email"):
            self.add_error("email", _("Enter the email address the notices go to."))
        return data


def email_delivery_form(user, data=None) -> EmailDeliveryForm:
    """The form with the user's current choice (none until they make one)."""
    preference = EmailPreference.objects.filter(user=user).first()
    initial = {
        "delivery": preference.delivery if preference else Delivery.NONE,
        "email": user.email,
    }
    return EmailDeliveryForm(data, initial=initial)
