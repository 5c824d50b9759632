"""Who did it: the acting user of a service call, recorded on every history row.

Decorate each service with `@service`: it runs the function in one transaction and
makes the `door` keyword argument the user on every django-simple-history row that
the call writes (also outside a request: tasks, commands, imports).
"""

from __future__ import annotations

import contextvars
import functools
from contextlib import contextmanager

from django.db import transaction
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

_acting_user: contextvars.ContextVar = contextvars.ContextVar("acting_user", default=None)


@contextmanager
def handelend(user):
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def huidige_gebruiker():
    return _acting_user.get()


def service(func):
    """Transaction + acting user (the `door` keyword argument) for a service function."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), handelend(kwargs.get("door")):
            return func(*args, **kwargs)

    return wrapper


@receiver(pre_create_historical_record)
def _set_history_user(sender, instance, history_instance, **kwargs):
    user = _acting_user.get()
    if user is not None and getattr(user, "pk", None) and history_instance.history_user_id is None:
        history_instance.history_user = user
