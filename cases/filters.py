import django_filters
from django import forms

from inburgering import permissions
from inburgering.models import Gebruiker

from .models import Casus, Doelgroep
from .selectors import zoek
from .workflow import Status


class CaseloadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Zoeken",
        method="filter_q",
        help_text="Naam, of de laatste cijfers van het BSN, of het hele BSN.",
    )
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices, empty_label="Alle statussen")
    doelgroep = django_filters.ChoiceFilter(label="Doelgroep", choices=Doelgroep.choices, empty_label="Alle doelgroepen")
    actief = django_filters.ChoiceFilter(
        label="Actief",
        choices=[("ja", "Alleen actieve casussen"), ("nee", "Alleen afgesloten casussen")],
        empty_label="Actief en afgesloten",
        method="filter_actief",
    )

    consultant = django_filters.ModelChoiceFilter(
        label="Consultant", queryset=Gebruiker.objects.none(), empty_label="Alle consultants"
    )

    class Meta:
        model = Casus
        fields = ["q", "status", "doelgroep", "actief", "consultant"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
        if user is not None and permissions.heeft_rol(user, permissions.TEAMLEIDER):
            self.filters["consultant"].queryset = Gebruiker.objects.filter(
                teams__in=permissions.team_ids(user), groups__name=permissions.CONSULTANT
            ).distinct()
            self.form.fields["consultant"].queryset = self.filters["consultant"].queryset
        else:
            del self.form.fields["consultant"]
            del self.filters["consultant"]

    def filter_q(self, queryset, name, value):
        return zoek(queryset, value)

    def filter_actief(self, queryset, name, value):
        return queryset.filter(actief=(value == "ja"))
