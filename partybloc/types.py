"""Names for the type hints the project's signatures share.

`type` aliases are evaluated only when a type checker asks, so the user model is imported for
type checking alone: importing this module loads no model.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

# Who acts (the `by` of a service): a signed-in portal user, named by the abstract base of
# Django's user so the hints hold if the project ever swaps in a user model of its own.
type User = AbstractUser
# Who asks to see (the `user` of an access rule or a `visible_to` door): maybe nobody signed in.
type Viewer = AbstractUser | AnonymousUser
