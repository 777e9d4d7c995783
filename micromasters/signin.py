"""Admin sign-in: which address a request comes from, and the limit per account across addresses.

django-axes locks one username at one address after AXES_FAILURE_LIMIT failures (settings.py).
That lockout is only as good as the address: behind the TLS proxy every request arrives from the
proxy, so the client's address is read from the X-Forwarded-For entry that the trusted proxies
appended, never from an entry a client could have written itself.

A lockout per username and address does nothing against guessing spread over many addresses, and
a lockout per username alone would let anyone lock a real editor out. So an account has a second,
higher limit across all addresses, counted over a short window, that only applies to addresses
the account has never signed in from: an editor at a familiar address is never refused by it, and
someone trying an account from many addresses gets at most SIGN_IN_ACCOUNT_FAILURE_LIMIT guesses
per SIGN_IN_ACCOUNT_WINDOW.
"""

import ipaddress

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry the trusted proxies added to X-Forwarded-For.

    With TRUSTED_PROXY_COUNT proxies in front, each appends the address it received the request
    from, so the client is that many entries from the right; anything further left was sent by the
    client and is ignored. A request that did not come through the proxies (too few entries, or
    not an address) is counted by REMOTE_ADDR.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count > 0:
        forwarded = [
            entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
        ]
        if len(forwarded) >= proxy_count:
            address = _valid_address(forwarded[-proxy_count])
            if address:
                return address
    return _valid_address(remote_address)


def account_failures(username: str) -> int:
    """Failed sign-ins for this username from every address within the window."""
    since = timezone.now() - settings.SIGN_IN_ACCOUNT_WINDOW
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )
    return failures["total"] or 0


def is_account_throttled(request: HttpRequest, username: str) -> bool:
    """True when an account has had too many failures lately and this address is new to it."""
    if account_failures(username) < settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT:
        return False
    familiar = AccessLog.objects.filter(username=username, ip_address=client_ip_address(request))
    return not familiar.exists()


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing an account under attack from unfamiliar addresses.

    The refusal comes before the password is checked, so guesses made while it lasts are neither
    tried nor counted: the window empties and the account opens again once the guessing slows.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "account_throttled": (
            "This account has had too many failed sign-ins from many addresses. Try again in "
            "%(minutes)s minutes, or from an address you have signed in from before."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_account_throttled(self.request, username):
            raise ValidationError(
                self.error_messages["account_throttled"],
                code="account_throttled",
                params={"minutes": int(settings.SIGN_IN_ACCOUNT_WINDOW.total_seconds() // 60)},
            )
        return super().clean()
