"""Names for the type hints of the year's services."""

from django.contrib.auth.models import AbstractUser

# Who acts: the portal's user (Django's `auth.User`), named by its abstract base so the hints
# still hold if the project ever swaps in a user model of its own.
type User = AbstractUser
