"""Forms of the health page: choosing the window and the day to look at, and the stewards'
reading of the stage. They parse input only; the services decide what is allowed (a day in the
future, a stage in a concluded community) and their errors are attached back here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, Stage


class HealthQueryForm(forms.Form):
    """``?window=30|90&as_of=YYYY-MM-DD``, sent with GET so any view of history has an
    address that can be shared and bookmarked."""

    window = forms.TypedChoiceField(
        label=_("Window"),
        choices=[("30", _("30 days")), ("90", _("90 days"))],
        coerce=int,
        error_messages={
            "required": _("Choose a window of 30 or 90 days."),
            "invalid_choice": _("The window must be 30 or 90 days."),
        },
    )
    as_of = forms.DateField(
        label=_("As of"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose a day."),
            "invalid": _("Write the day as YYYY-MM-DD, such as 2026-03-31."),
        },
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("The stage we believe we are in"),
        choices=Stage.choices,
        error_messages={
            "required": _("Choose a stage."),
            "invalid_choice": _("Choose one of the five stages."),
        },
    )
    note = forms.CharField(
        label=_("Why (a note for the members)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Plain text, at most 1,000 characters; members read it beside the estimate."),
    )
