"""Forms of the reflection pages. They only parse input; the rules live in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GoalDecision, StorySharing, ValueCycle
from .services import MAX_CAPACITY_HOURS, MAX_ROUND_DAYS


class RoundOpenForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Spring check-in”."),
    )
    prompt = forms.CharField(
        label=_("A word to the members"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What this round is for, or a question to think about. Markdown works here."),
    )
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Answers are taken until the end of this day (at most %(n)d days away).")
        % {"n": MAX_ROUND_DAYS},
    )


class SettingsForm(forms.Form):
    members_may_open = forms.BooleanField(
        label=_("Any member may open a reflection round"),
        required=False,
        help_text=_("Otherwise only stewards may."),
    )


class AnswerForm(forms.Form):
    worthwhile = forms.TypedChoiceField(
        label=_("Is your time in this community worthwhile?"),
        choices=[
            (1, _("1 — not at all")),
            (2, _("2")),
            (3, _("3")),
            (4, _("4")),
            (5, _("5 — very much")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    capacity_hours = forms.IntegerField(
        label=_("How many hours a month could you give now?"),
        required=False,
        min_value=0,
        max_value=MAX_CAPACITY_HOURS,
    )
    story = forms.CharField(
        label=_("What value did you get? Tell a short story"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Something you learned, used, changed or now see differently. Markdown works."),
    )
    cycles = forms.MultipleChoiceField(
        label=_("Which kinds of value does your story show?"),
        choices=ValueCycle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sharing = forms.ChoiceField(
        label=_("May the community read your story and suggestion?"),
        choices=StorySharing.choices,
        initial=StorySharing.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_(
            "Your score and capacity are never shown to anyone; only totals of all answers."
        ),
    )
    should_change = forms.CharField(
        label=_("What should change?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalReviewForm(forms.Form):
    goal_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=GoalDecision.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("New title (to revise)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("New description (to revise)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("Why"), max_length=500, required=False)
