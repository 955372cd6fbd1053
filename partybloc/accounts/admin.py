from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp's admin shows any user's secret key as a QR code: whoever could open it could make
# that user's codes. Devices are set up by their owner and removed through the office's reset.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
