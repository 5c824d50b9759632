"""The school API (Django REST framework): a language school reads its enrolled students and posts
their hours and attendance per month.

Authentication is a school's API key (`Authorization: Token <sleutel>`, made by the functioneel
beheerder in the admin). A key sees only the offers (inschrijvingen) of its own school; anything
else is a 404, so a school cannot even learn that another school's student exists. Staff
sessions do not count here: without a key every request is refused (403). Writes go through
`leerroutes.services` with `school=`; bad input gets a 400 with the reason per field.
Every successful request is written to the access log (Toegangslog) under the school's name.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, generics, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from inburgering.models import Toegangslog

from . import rules, services
from .models import Aanwezigheid, Inburgeringsaanbod, SchoolToken, Urenregistratie

MAX_PK = 2**63 - 1
TOKEN_TOUCH_SECONDS = 60


class SchoolTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <sleutel>`: the request acts for the key's school (request.auth)."""

    keyword = "token"

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.keyword.encode():
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed("Ongeldige Authorization-header: gebruik 'Token <sleutel>'.")
        try:
            key = auth[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("De API-sleutel bevat ongeldige tekens.") from exc
        token = SchoolToken.zoek(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Onbekende of ingetrokken API-sleutel.")
        nu = timezone.now()
        if token.laatst_gebruikt_op is None or (nu - token.laatst_gebruikt_op).total_seconds() > TOKEN_TOUCH_SECONDS:
            SchoolToken.objects.filter(pk=token.pk).update(laatst_gebruikt_op=nu)
        # the school is not a staff user: request.user stays anonymous (history rows get no user)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return None  # refused requests get 403 with the reason (no browser login prompt)


class SchoolTokenScheme(OpenApiAuthenticationExtension):
    target_class = "leerroutes.api.SchoolTokenAuthentication"
    name = "schoolToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "De API-sleutel van de school, als `Token <sleutel>`.",
        }


class IsSchool(BasePermission):
    message = "Alleen met de API-sleutel van een school (Authorization: Token <sleutel>)."

    def has_permission(self, request, view):
        return isinstance(request.auth, SchoolToken)


class Paginering(PageNumberPagination):
    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"


# --------------------------------------------------------------------------------------------
# Serializers
# --------------------------------------------------------------------------------------------


class InschrijvingSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="casus.inburgeraar.volledige_naam", read_only=True)
    leerroute = serializers.ChoiceField(choices=Inburgeringsaanbod._meta.get_field("leerroute").choices, read_only=True)

    class Meta:
        model = Inburgeringsaanbod
        fields = [
            "id",
            "leerlingnummer",
            "naam",
            "leerroute",
            "startdatum",
            "verwachte_einddatum",
            "einddatum",
            "uren_per_week",
        ]
        read_only_fields = fields


class MaandField(serializers.DateField):
    """A month as its first day; any day in the month is accepted and moved to the 1st."""

    def to_internal_value(self, value):
        return rules.maand_van(super().to_internal_value(value))


class UrenSerializer(serializers.ModelSerializer):
    maand = MaandField(help_text="Een dag in de maand; opgeslagen als de eerste van de maand.")
    soort = serializers.ChoiceField(choices=[("nt2", "NT2 (taal)"), ("knm", "KNM")])
    uren = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=744)

    class Meta:
        model = Urenregistratie
        fields = ["maand", "soort", "uren", "bron", "gewijzigd_op"]
        read_only_fields = ["bron", "gewijzigd_op"]


class AanwezigheidSerializer(serializers.ModelSerializer):
    maand = MaandField(help_text="Een dag in de maand; opgeslagen als de eerste van de maand.")
    geplande_uren = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=744)
    aanwezige_uren = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=744)

    class Meta:
        model = Aanwezigheid
        fields = ["maand", "geplande_uren", "aanwezige_uren", "percentage", "bron", "gewijzigd_op"]
        read_only_fields = ["percentage", "bron", "gewijzigd_op"]

    def validate(self, attrs):
        if attrs["aanwezige_uren"] > attrs["geplande_uren"]:
            raise serializers.ValidationError({"aanwezige_uren": "Meer aanwezige dan geplande uren kan niet."})
        return attrs


FOUT = inline_serializer("Fout", fields={"detail": serializers.CharField()})
VELDFOUTEN = OpenApiResponse(
    description="Ongeldige invoer: per veld de reden (of `non_field_errors`).",
    response=inline_serializer(
        "Veldfouten", fields={"non_field_errors": serializers.ListField(child=serializers.CharField(), required=False)}
    ),
)
WEIGERING = {403: OpenApiResponse(FOUT, description="Geen of ongeldige API-sleutel."), 404: OpenApiResponse(FOUT)}


# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------


class SchoolView(generics.GenericAPIView):
    authentication_classes = [SchoolTokenAuthentication]
    permission_classes = [IsSchool]
    pagination_class = None
    _log_casus_id = None
    _log_aantal = None

    @property
    def school(self):
        return self.request.auth.taalaanbieder

    def inschrijvingen(self):
        return (
            Inburgeringsaanbod.objects.filter(taalaanbieder=self.school)
            .select_related("casus__inburgeraar")
            .order_by("pk")
        )

    def inschrijving(self) -> Inburgeringsaanbod:
        pk = self.kwargs["pk"]
        if pk > MAX_PK:
            raise exceptions.NotFound("Deze inschrijving bestaat niet bij uw school.")
        aanbod = self.inschrijvingen().filter(pk=pk).first()
        if aanbod is None:
            raise exceptions.NotFound("Deze inschrijving bestaat niet bij uw school.")
        self._log_casus_id = aanbod.casus_id
        return aanbod

    def handle_exception(self, exc):
        # the services speak Django: turn their refusals into API answers with the reason
        if isinstance(exc, DjangoValidationError):
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            exc = exceptions.ValidationError(detail)
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(request.auth, SchoolToken) and response.status_code < 400:
            self._toegangslog(request, response)
        return response

    def _toegangslog(self, request, response):
        casus_id = self._log_casus_id
        inburgeraar_id = None
        if casus_id:
            from cases.models import Casus

            inburgeraar_id = Casus.objects.filter(pk=casus_id).values_list("inburgeraar_id", flat=True).first()
        match = request.resolver_match
        Toegangslog.objects.create(
            gebruiker=None,
            gebruikersnaam=f"API {request.auth.taalaanbieder}"[:150],
            rol="School (API-sleutel)",
            actie=Toegangslog.Actie.WIJZIGEN
            if request.method == "POST"
            else (Toegangslog.Actie.ZOEKEN if self._log_aantal is not None else Toegangslog.Actie.BEKIJKEN),
            casus_id=casus_id,
            inburgeraar_id=inburgeraar_id,
            object_type="inschrijving",
            object_id=str(self.kwargs.get("pk", "")),
            url_naam=match.view_name if match else request.path[:150],
            methode=request.method,
            statuscode=response.status_code,
            ip_adres=request.META.get("REMOTE_ADDR") or None,
            doel="Uren en aanwezigheid van ingeschreven inburgeraars (taalschool)",
            aantal_personen=self._log_aantal,
        )


@extend_schema_view(
    get=extend_schema(
        summary="Ingeschreven studenten van uw school",
        description="De inburgeringsaanbiedingen bij uw school (lopend en beëindigd), oudste eerst.",
        responses={200: InschrijvingSerializer(many=True), **WEIGERING},
    )
)
class InschrijvingenView(SchoolView, generics.ListAPIView):
    serializer_class = InschrijvingSerializer
    pagination_class = Paginering

    def get_queryset(self):
        return self.inschrijvingen()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self._log_aantal = len(response.data.get("results", [])) if isinstance(response.data, dict) else None
        return response


@extend_schema_view(
    get=extend_schema(summary="Eén ingeschreven student", responses={200: InschrijvingSerializer, **WEIGERING})
)
class InschrijvingView(SchoolView):
    serializer_class = InschrijvingSerializer

    def get(self, request, pk):
        return Response(InschrijvingSerializer(self.inschrijving()).data)


class _MaandregistratieView(SchoolView):
    model = None
    soort_veld = None

    def get(self, request, pk):
        aanbod = self.inschrijving()
        qs = self.model.objects.filter(aanbod=aanbod).order_by("maand", *(["soort"] if self.soort_veld else []))
        return Response(self.serializer_class(qs, many=True).data)

    def post(self, request, pk):
        aanbod = self.inschrijving()
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        rij, stand = self.opslaan(aanbod, serializer.validated_data)
        code = status.HTTP_201_CREATED if stand == "nieuw" else status.HTTP_200_OK
        return Response(self.serializer_class(rij).data, status=code)


@extend_schema_view(
    get=extend_schema(
        summary="Uren NT2 en KNM van een student", responses={200: UrenSerializer(many=True), **WEIGERING}
    ),
    post=extend_schema(
        summary="Uren NT2 of KNM van één maand melden",
        description="Dezelfde maand en soort opnieuw vervangt het aantal (201: nieuw, 200: bijgewerkt of gelijk).",
        request=UrenSerializer,
        responses={201: UrenSerializer, 200: UrenSerializer, 400: VELDFOUTEN, **WEIGERING},
    ),
)
class UrenView(_MaandregistratieView):
    serializer_class = UrenSerializer
    model = Urenregistratie
    soort_veld = "soort"

    def opslaan(self, aanbod, data):
        return services.uren_registreren(
            casus=aanbod.casus,
            aanbod=aanbod,
            soort=data["soort"],
            maand=data["maand"],
            uren=data["uren"],
            school=self.school,
        )


@extend_schema_view(
    get=extend_schema(
        summary="Aanwezigheid per maand van een student",
        responses={200: AanwezigheidSerializer(many=True), **WEIGERING},
    ),
    post=extend_schema(
        summary="Aanwezigheid van één maand melden",
        description="Onder de drempel (een instelling van de gemeente) krijgt de consultant een signaal. "
        "Dezelfde maand opnieuw vervangt de cijfers (201: nieuw, 200: bijgewerkt of gelijk).",
        request=AanwezigheidSerializer,
        responses={201: AanwezigheidSerializer, 200: AanwezigheidSerializer, 400: VELDFOUTEN, **WEIGERING},
    ),
)
class AanwezigheidView(_MaandregistratieView):
    serializer_class = AanwezigheidSerializer
    model = Aanwezigheid

    def opslaan(self, aanbod, data):
        return services.aanwezigheid_registreren(
            aanbod=aanbod,
            maand=data["maand"],
            geplande_uren=data["geplande_uren"],
            aanwezige_uren=data["aanwezige_uren"],
            school=self.school,
        )
