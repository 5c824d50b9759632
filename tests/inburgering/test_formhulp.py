"""The shared form plumbing (inburgering.formhulp): the crispy helper and a service's errors on a form."""

import pytest
from crispy_forms.layout import Fieldset
from django import forms
from django.core.exceptions import ValidationError

from inburgering.formhulp import fouten_naar_form, helper


class Voorbeeld(forms.Form):
    naam = forms.CharField(required=False)
    datum = forms.DateField(required=False)


@pytest.mark.parametrize(
    "fout, per_veld",
    [
        (ValidationError("Dat mag niet."), {"__all__": ["Dat mag niet."]}),
        (ValidationError(["Een.", "Twee."]), {"__all__": ["Een.", "Twee."]}),
        (ValidationError({"naam": "Vul de naam in."}), {"naam": ["Vul de naam in."]}),
        (ValidationError({"naam": ["Te kort.", "Te raar."], "datum": "Geen datum."}),
         {"naam": ["Te kort.", "Te raar."], "datum": ["Geen datum."]}),
        # a key the form has no field for goes on top
        (ValidationError({"onbekend": "Elders fout.", "naam": "Fout."}), {"__all__": ["Elders fout."], "naam": ["Fout."]}),
        (ValidationError({"__all__": "Algemeen."}), {"__all__": ["Algemeen."]}),
    ],
)
def test_fouten_naar_form_puts_field_errors_on_their_field_and_the_rest_on_top(fout, per_veld):
    form = Voorbeeld(data={})
    assert form.is_valid()
    fouten_naar_form(form, fout)
    assert {veld: list(fouten) for veld, fouten in form.errors.items()} == per_veld


@pytest.mark.parametrize(
    "fieldsets, legenden",
    [((), None), ((("Persoon", ("naam",)),), ["Persoon"]), ((("A", ("naam",)), ("B", ("datum",))), ["A", "B"])],
)
def test_helper_renders_no_form_tag_and_a_fieldset_per_pair(fieldsets, legenden):
    h = helper(*fieldsets)
    assert (h.form_tag, h.disable_csrf, h.render_hidden_fields) == (False, True, True)
    if legenden is None:
        assert h.layout is None
    else:
        assert [f.legend for f in h.layout.fields] == legenden
        assert all(isinstance(f, Fieldset) for f in h.layout.fields)
