"""Forms for logging time. They parse input only; the services decide what is allowed (hours
in a day, dates, links) and their errors are attached back to these forms by the views."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LabourKind


class TimeEntryForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When you gave the time (not in the future)."),
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "24"}),
        help_text=_("From 0.25 (a quarter of an hour) to 24."),
    )
    kind = forms.ChoiceField(label=_("Kind of work"), choices=LabourKind.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("What you did, in a few words."),
    )
    link = forms.CharField(
        label=_("What it was for"),
        max_length=500,
        required=False,
        help_text=_(
            "A link to a topic, article or other page of Practica (e.g. /t/12/), or a web "
            "address starting with https://."
        ),
    )


class TimeEntryDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why remove it?"),
        max_length=300,
        required=False,
        help_text=_("Stewards: the reason goes to the audit trail with the removal."),
    )
