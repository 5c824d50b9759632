"""The caseload's search and filter form."""

from django import forms

from inburgering import permissions
from inburgering.models import Gebruiker

from .models import Doelgroep
from .selectors import CaseloadVraag
from .workflow import Status

ACTIEF = {"ja": True, "nee": False}


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label="Zoeken",
        required=False,
        max_length=100,
        help_text="Naam, of de laatste cijfers van het BSN, of het hele BSN.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle statussen"), *Status.choices])
    doelgroep = forms.ChoiceField(
        label="Doelgroep", required=False, choices=[("", "Alle doelgroepen"), *Doelgroep.choices]
    )
    actief = forms.ChoiceField(
        label="Actief",
        required=False,
        choices=[
            ("", "Actief en afgesloten"),
            ("ja", "Alleen actieve casussen"),
            ("nee", "Alleen afgesloten casussen"),
        ],
    )
    consultant = forms.ModelChoiceField(
        label="Consultant", required=False, queryset=Gebruiker.objects.none(), empty_label="Alle consultants"
    )

    def __init__(self, *args, user, **kwargs):
        """A team lead may filter on the consultants of the own team(s); a consultant has no such filter."""
        super().__init__(*args, **kwargs)
        if permissions.heeft_rol(user, permissions.TEAMLEIDER):
            self.fields["consultant"].queryset = (
                Gebruiker.objects.filter(teams__in=permissions.team_ids(user), groups__name=permissions.CONSULTANT)
                .distinct()
                .order_by("first_name", "last_name", "pk")
            )
        else:
            del self.fields["consultant"]

    def vraag(self, bereik: str, bsn_hmac: str | None = None) -> CaseloadVraag:
        """The question of a valid form (an unbound form asks for everything in `bereik`)."""
        d = self.cleaned_data if self.is_bound else {}
        consultant = d.get("consultant")
        return CaseloadVraag(
            bereik=bereik,
            zoek=d.get("q", ""),
            status=d.get("status", ""),
            doelgroep=d.get("doelgroep", ""),
            actief=ACTIEF.get(d.get("actief", "")),
            consultant=consultant.pk if consultant else None,
            bsn_hmac=bsn_hmac,
        )
