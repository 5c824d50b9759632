import csv
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.utils import timezone

from . import permissions
from .models import Toegangslog
from .toegangslog import logt

EXPORT_VELDEN = [
    ("tijdstip", "Tijdstip"), ("gebruikersnaam", "Gebruiker"), ("rol", "Rol"), ("actie", "Actie"),
    ("casus_id", "Casus"), ("inburgeraar_id", "Inburgeraar"), ("object_type", "Objecttype"), ("object_id", "Object"),
    ("url_naam", "Scherm"), ("methode", "Methode"), ("statuscode", "Status"), ("ip_adres", "IP-adres"),
    ("doel", "Doel"), ("aantal_personen", "Aantal personen"),
]


class _Echo:
    def write(self, value):
        return value


def _datum(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@logt(Toegangslog.Actie.EXPORTEREN, object_type="toegangslog")
def toegangslog_export(request):
    """Functioneel beheerder: the access log as CSV (optionally ?van=JJJJ-MM-DD&tot=JJJJ-MM-DD&casus=ID)."""
    if not (permissions.heeft_rol(request.user, permissions.FUNCTIONEEL_BEHEERDER) or request.user.is_superuser):
        raise PermissionDenied("Alleen de functioneel beheerder kan het toegangslog exporteren.")
    qs = Toegangslog.objects.order_by("tijdstip", "pk")
    van, tot = _datum(request.GET.get("van")), _datum(request.GET.get("tot"))
    if van:
        qs = qs.filter(tijdstip__date__gte=van)
    if tot:
        qs = qs.filter(tijdstip__date__lte=tot)
    if request.GET.get("casus", "").isdigit():
        qs = qs.filter(casus_id=int(request.GET["casus"]))
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff" + writer.writerow([label for _, label in EXPORT_VELDEN])
        for row in qs.values_list(*[f for f, _ in EXPORT_VELDEN]).iterator(chunk_size=2000):
            row = list(row)
            row[0] = timezone.localtime(row[0]).strftime("%d-%m-%Y %H:%M:%S")
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{timezone.localdate():%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
