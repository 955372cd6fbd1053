"""Operations on accounts: passwords set by the office, passwords changed by their owner."""

import secrets

from django.db import transaction

from partybloc.accounts import throttle, two_factor
from partybloc.accounts.models import TemporaryPassword
from partybloc.types import User

# No 0/O, 1/l/I: the password is read out over the phone or written on paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TEMPORARY_PASSWORD_LENGTH = 12


@transaction.atomic
def set_temporary_password(user: User, *, by: User, remove_devices: bool = False) -> str:
    """Give the user a random one-time password, returned once to show to the office; the user
    must replace it at their next sign-in. Their open sessions end (the password's hash signs
    them), a lock on their account is lifted and, if asked, their authenticator is removed."""
    password = "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
    user.set_password(password)
    user.save(update_fields=["password"])
    TemporaryPassword.objects.update_or_create(user=user, defaults={"set_by": by})
    throttle.unlock_account(user.get_username())
    if remove_devices:
        two_factor.remove_devices(user)
    return password


def password_chosen(user: User) -> None:
    """The user chose their own password: no temporary one is pending any more."""
    TemporaryPassword.objects.filter(user=user).delete()
