"""Staff who must give a second factor (partners/staff/two_factor.py), passed the way a login does."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def linked_device(user) -> TOTPDevice:
    """A confirmed authenticator app for `user` (their phone, in real life)."""
    return TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "app"})[0]


def current_code(device: TOTPDevice) -> str:
    """The six digits the app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def pass_second_factor(client, user) -> TOTPDevice:
    """After `client.force_login(user)`: this session gave its code, as the two-factor page records it."""
    device = linked_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
