"""Walk every URL pattern of the project with every actor and compare with the matrix."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import matrix
from tests.matrix import ACTORS, DENY, LOGIN, OK

ADMIN_LOGIN = "/admin/login/"


def _collect(resolver=None, namespace="", prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from _collect(p, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield (f"{namespace}{p.name}" if p.name else None, prefix + str(p.pattern))


def all_url_names():
    return sorted({name for name, _ in _collect() if name})


def unnamed_patterns():
    return sorted(route for name, route in _collect() if not name)


def full_matrix():
    merged = dict(matrix.MATRIX)
    import tests

    for mod in pkgutil.iter_modules(tests.__path__):
        try:
            spec = importlib.import_module(f"tests.{mod.name}.matrix_spec")
        except ModuleNotFoundError:
            continue
        merged.update(spec.MATRIX)
    return merged


def classify(response, anonymous):
    code = response.status_code
    # after a logout the user is anonymous: a redirect to the login page is the expected outcome
    anonymous = anonymous or not response.wsgi_request.user.is_authenticated
    if code in (403, 404):
        return DENY
    if code in (301, 302, 303):
        loc = response.headers.get("Location", "")
        if loc.startswith(reverse("login")) or loc.startswith(ADMIN_LOGIN):
            return LOGIN if anonymous else DENY
        return OK
    if code == 405:
        return "405"
    if 200 <= code < 300:
        return OK
    return f"HTTP {code}"


# --- admin: generic rules -----------------------------------------------------------------
ADMIN_CONFIG_APPS = {"inburgering"}
ADMIN_SKIP = {"admin:view_on_site"}  # redirects to the object's own URL; covered by that URL


# What the beheerder may do per admin model (suffix of the admin URL name). Models not listed: everything.
VIEW = {"changelist", "change", "history", "simple_history"}
ADMIN_BEHEERDER = {
    "auth_group": VIEW,  # roles are data, shipped by migrations
    "inburgering_toegangslog": VIEW,  # append-only
    "inburgering_anonimiseringsrapport": VIEW,
    "axes_accesslog": VIEW,
    "axes_accessfailurelog": VIEW,
    "axes_accessattempt": VIEW | {"delete"},  # unlock a locked-out account
}
ADMIN_SUFFIXES = ("changelist", "add", "change", "delete", "history", "simple_history")


def admin_expectation(name, route):
    """Only the beheerder reaches the admin, and within it what ADMIN_BEHEERDER allows."""
    model = _admin_model(name)
    if model is not None:
        key = f"{model._meta.app_label}_{model._meta.model_name}"
        suffix = next(x for x in sorted(ADMIN_SUFFIXES, key=len, reverse=True) if name.endswith("_" + x))
        allowed = ADMIN_BEHEERDER.get(key, set(ADMIN_SUFFIXES))
        return matrix._all(DENY, anon=LOGIN, beheerder=OK if suffix in allowed else DENY)
    if name in ("admin:login",):
        return matrix._all(OK, beheerder=OK)
    if name == "admin:logout":
        return None
    if name == "admin:autocomplete":  # needs query parameters of a form field; without them: 403 for all
        return matrix._all(DENY, anon=LOGIN)
    return matrix._all(DENY, anon=LOGIN, beheerder=OK)


def _admin_model(name):
    from django.contrib import admin

    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model
    return None


def admin_kwargs(name, route, world):
    kwargs = {}
    model = _admin_model(name)
    if "object_id>" in route or name.endswith("_simple_history"):
        kwargs["object_id"] = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    if name.endswith("_simple_history"):
        if not model.history.exists():
            model._default_manager.order_by("pk").first().save()  # seeded rows have no history row yet
        kwargs["object_id"], kwargs["history_id"] = model.history.order_by("history_id").values_list("id", "history_id").first()
    if "<app_label>" in route:
        kwargs["app_label"] = "inburgering"
    if "<id>" in route:
        from inburgering.models import Gebruiker

        kwargs["id"] = Gebruiker.objects.order_by("pk").first().pk
    if name.endswith("_simple_history"):  # a regex pattern with positional groups
        return [kwargs["object_id"], kwargs["history_id"]], {}
    return [], kwargs


def test_every_url_has_a_matrix_entry():
    spec = full_matrix()
    missing = [n for n in all_url_names() if n not in spec and not n.startswith("admin:")]
    assert not missing, f"URL patterns without an entry in the role x URL matrix: {missing}"
    assert not unnamed_patterns() or all(r.startswith("admin/") or r.startswith("static/") for r in unnamed_patterns()), (
        f"Unnamed URL patterns cannot be checked: {unnamed_patterns()}"
    )


def _requests_for(name, route, world):
    spec = full_matrix()
    if name.startswith("admin:"):
        if name in ADMIN_SKIP:
            return []
        exp = admin_expectation(name, route)
        if exp is None:
            return []
        return [("get", exp, lambda casus: admin_kwargs(name, route, world))]
    rule = spec[name]
    out = []
    if rule.get is not None:
        out.append(("get", rule.get, lambda casus: ([], rule.kwargs(world, casus))))
    if rule.post is not None:
        out.append(("post", rule.post, lambda casus: ([], rule.kwargs(world, casus))))
    return out


def _admin_objects(world):
    """One row in every admin model, so that change/delete URLs point at something real."""
    from axes.models import AccessAttempt, AccessFailureLog

    from inburgering.models import AnonimiseringsRapport

    AccessAttempt.objects.create(username="iemand", ip_address="10.0.0.1", failures_since_start=1)
    AccessFailureLog.objects.create(username="iemand", ip_address="10.0.0.1")
    AnonimiseringsRapport.objects.create(peildatum="2026-01-01", bewaartermijn_maanden=60)


@pytest.mark.django_db
def test_role_url_matrix(world, client):
    """Every URL x every actor: allowed, read-only or denied as the matrix says."""
    _admin_objects(world)
    failures = []
    checked = 0
    for name, route in _collect():
        if not name:
            continue
        for method, expectations, kwargs_fn in _requests_for(name, route, world):
            for actor in ACTORS:
                user, casus = world.actor(actor)
                client.logout()
                if user is not None:
                    client.force_login(user)
                args, kwargs = kwargs_fn(casus)
                url = reverse(name, args=args or None, kwargs=kwargs or None)
                response = getattr(client, method)(url)
                got = classify(response, user is None)
                checked += 1
                if got != expectations[actor]:
                    failures.append(f"{method.upper()} {url} ({name}) as {actor}: expected {expectations[actor]}, got {got}")
    assert checked > 100
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_denied_writes_change_nothing(world, client):
    """A consultant POSTing to a colleague's case (read-only for them) gets 403 and nothing changes."""
    from cases.models import Casus, TijdlijnGebeurtenis

    casus = world.cases["team"]
    before = (Casus.objects.get(pk=casus.pk).status, TijdlijnGebeurtenis.objects.filter(casus=casus).count())
    client.force_login(world.users["c1"])
    r = client.post(reverse("cases:status", kwargs={"casus_pk": casus.pk}), {"naar": "intake", "toelichting": "x"})
    assert r.status_code == 403
    r = client.post(reverse("cases:bewerken", kwargs={"casus_pk": casus.pk}), {"doelgroep": "gezinsmigrant"})
    assert r.status_code == 403
    after = (Casus.objects.get(pk=casus.pk).status, TijdlijnGebeurtenis.objects.filter(casus=casus).count())
    assert before == after
    assert Casus.objects.get(pk=casus.pk).doelgroep == "asielstatushouder"
