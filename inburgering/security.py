"""Login security: MFA on every screen, idle and absolute session limits, MFA enrolment and recovery."""

from __future__ import annotations

import io
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN_TIME_KEY = "login_tijd"
ENROL_KEY = "mfa_instellen_device"
# paths a logged-in user without a verified second factor may still reach
MFA_OPEN = ("mfa:", "logout", "healthz")


@receiver(user_logged_in)
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = request.session[TOUCH_KEY] = int(time.time())


TOUCH_KEY = "laatst_actief"
TOUCH_EVERY_SECONDS = 60


class SessieTermijnMiddleware:
    """Idle limit (SESSION_IDLE_MINUTES) and absolute limit (SESSION_ABSOLUTE_HOURS) of a session.

    The idle limit is the session's expiry, renewed by saving the session; to spare a
    write per request it is renewed at most once a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(LOGIN_TIME_KEY)
            if started is None:
                session[LOGIN_TIME_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(request, "Uw sessie is verlopen. Log opnieuw in.")
                return redirect(f"{reverse('login')}?next={request.path}")
            if now - session.get(TOUCH_KEY, 0) >= TOUCH_EVERY_SECONDS:
                session[TOUCH_KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


def _is_open(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if request.path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL):
        return True
    if match is None:
        return False
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    return any(name == o or (o.endswith(":") and name.startswith(o)) for o in MFA_OPEN)


class MFAVereistMiddleware:
    """A logged-in user reaches nothing (no case, no admin) before the second factor is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if _is_open(request):
            return None
        target = "mfa:verifieren" if heeft_mfa(user) else "mfa:instellen"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")


def heeft_mfa(user) -> bool:
    """Has a confirmed TOTP device (inburgering.auth loads their ids with the user on every request)."""
    bekend = getattr(user, "_totp_ids", None)
    if bekend is not None:
        return bool(bekend)
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _next(request, default="home"):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return nxt
    return reverse(default)


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def verifieren(request):
    if not heeft_mfa(request.user):
        return redirect(f"{reverse('mfa:instellen')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                over = StaticToken.objects.filter(device=device).count()
                messages.warning(request, f"U heeft een herstelcode gebruikt. Er zijn er nog {over} over.")
            return redirect(_next(request))
        form.add_error("token", "Deze code klopt niet of is verlopen. Probeer het opnieuw.")
    return render(request, "registration/mfa_verifieren.html", {"form": form, "next": _next(request)})


def _qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode()
    return svg[svg.index("<svg"):].replace("<svg", '<svg role="img" aria-label="QR-code voor uw authenticator-app"', 1)


def herstelcodes_maken(user) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="herstelcodes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(settings.MFA_HERSTELCODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def instellen(request):
    if heeft_mfa(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('mfa:verifieren')}?next={_next(request)}")
    device = None
    device_id = request.session.get(ENROL_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
        request.session[ENROL_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", "Te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw.")
        elif device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save()
            otp_login(request, device)
            request.session.pop(ENROL_KEY, None)
            codes = herstelcodes_maken(request.user)
            return render(request, "registration/mfa_herstelcodes.html", {"codes": codes, "next": _next(request)})
        else:
            form.add_error("token", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw.")
    secret = _base32(device.bin_key)
    return render(
        request,
        "registration/mfa_instellen.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret, "next": _next(request)},
    )


def herstelcodes(request):
    """Make new recovery codes (needs a verified session)."""
    if not request.user.is_verified():
        return redirect(f"{reverse('mfa:verifieren')}?next={request.path}")
    if request.method == "POST":
        codes = herstelcodes_maken(request.user)
        return render(request, "registration/mfa_herstelcodes.html", {"codes": codes, "next": reverse("home")})
    return render(request, "registration/mfa_herstelcodes_vernieuwen.html", {})


def _base32(key: bytes) -> str:
    import base64

    raw = base64.b32encode(key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


__all__ = ["DEVICE_ID_SESSION_KEY", "herstelcodes_maken", "heeft_mfa"]
