"""Two-factor sign-in with time-based codes (TOTP, RFC 6238): an authenticator app on the
user's phone turns a shared secret and the clock into a 6-digit code, with no network needed.

Required of office staff and of anyone with admin access (TWO_FACTOR_REQUIRED); any other user
may turn it on. A session is verified once a code from the user's confirmed device was accepted
in it (django-otp keeps the device in the session); until then SignInStepsMiddleware holds the
user at the code page, or at enrolment when the code is required and no device is confirmed.
"""

import base64

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations import access

DEVICE_NAME = "authenticator"

# The demo office login (`vanphong`, made by seed_demo) gets a device with this published key so
# that anyone trying the demo can sign in: with an authenticator app given the key, or with
# `manage.py totp_code vanphong`, which prints codes for devices holding this key and no other.
DEMO_SECRET = "PARTYBLOCDEMOKEYFORVANPHONGONLY2"  # base32, as an app takes it
DEMO_KEY = base64.b32decode(DEMO_SECRET).hex()
DEMO_DEVICE_NAME = "demo"


def required_for(user) -> bool:
    """Office staff and anyone who can open the admin must sign in with a code."""
    return settings.TWO_FACTOR_REQUIRED and (
        user.is_staff or user.is_superuser or access.is_office_staff(user)
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def is_verified(user) -> bool:
    """A code was accepted in this session (OTPMiddleware reads it from the session)."""
    return bool(getattr(user, "otp_device", None))


def satisfied(user) -> bool:
    """Nothing more is owed: a verified session, or no code asked of this user."""
    return is_verified(user) or (not required_for(user) and confirmed_device(user) is None)


def enrolment_device(user) -> TOTPDevice:
    """The device being set up: the same unconfirmed one on every visit until it is confirmed,
    so reloading the page does not change the QR code the user may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, code: str) -> bool:
    """The first right code confirms the device, retires any earlier one and verifies the
    session."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return True


def verify(request, code: str) -> bool:
    """Check a code against the user's confirmed device; a right one verifies the session."""
    device = confirmed_device(request.user)
    if device is None:
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            return False
    otp_login(request, device)
    return True


def retry_after(user) -> int:
    """Seconds until the device accepts another code after wrong ones (django-otp doubles the
    wait after each failure), or 0."""
    device = confirmed_device(user)
    if device is None:
        return 0
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)


def remove_devices(user) -> int:
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    return count


def secret_text(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here: nothing leaves the network."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def give_demo_device(user) -> TOTPDevice:
    """The demo office login's device, with the published DEMO_SECRET (demo data only)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=DEMO_KEY, confirmed=True)


def demo_device(user) -> TOTPDevice | None:
    """The user's device if it holds the published demo key: the only codes we ever print."""
    return TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_KEY).first()
