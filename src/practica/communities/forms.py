"""Forms for the community pages. They only parse what people type; every rule about what is
allowed lives in the services, whose errors the views attach back to these forms."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import Sector
from practica.core.timeutil import timezone_choices

from .models import GoalStatus, JoinPolicy, Position, Visibility

CHARTER_STARTER = _(
    "## How we work together\n\n"
    "- We assume good intent and ask before we judge.\n"
    "- We make room for every voice: speak, then listen.\n"
    "- We share sources and credit the people whose work we build on.\n\n"
    "## How we communicate\n\n"
    "- Questions are welcome at any level of experience.\n"
    "- Disagree with ideas, not with people.\n"
    "- What is shared in private threads stays there unless its author agrees.\n"
)


def _textarea(rows: int, placeholder=None) -> forms.Textarea:
    attrs = {"rows": rows}
    if placeholder is not None:
        attrs["placeholder"] = placeholder
    return forms.Textarea(attrs=attrs)


def _timezone_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=[(name, name) for name in timezone_choices()],
        initial="UTC",
        help_text=_("Meetings and deadlines of the community are planned in this zone."),
        **kwargs,
    )


class CommunityForm(forms.Form):
    """The settings a steward can change later, shared by creation and the settings page."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("A short name people will recognise, e.g. “Open Health Practitioners”."),
    )
    purpose = forms.CharField(
        label=_("Purpose and intentions"),
        max_length=5000,
        widget=_textarea(5, _("Why does this community exist? What do you hope to learn?")),
        help_text=_(
            "Why the community exists and what its members hope to learn and create together. "
            "Markdown works here."
        ),
    )
    values = forms.CharField(
        label=_("Values"),
        max_length=5000,
        required=False,
        widget=_textarea(3, _("e.g. Curiosity, generosity, evidence over opinion")),
        help_text=_("What the community cares about in how it works. Optional."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "Public communities can be read by anyone, which helps newcomers find you. "
            "Private communities are invisible to everyone who is not a member."
        ),
    )
    join_policy = forms.ChoiceField(
        label=_("How people join"),
        choices=JoinPolicy.choices,
        initial=JoinPolicy.OPEN,
        widget=forms.RadioSelect,
        help_text=_(
            "Open lets anyone join at once; approval lets a steward welcome each person; "
            "invitation only means members invite people by email."
        ),
    )
    timezone = _timezone_field()


class CommunitySettingsForm(CommunityForm):
    """The settings page: what creation asks for, and how the community keeps its knowledge."""

    article_review_months = forms.IntegerField(
        label=_("Review articles every (months)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_(
            "An article nobody has confirmed for this many months is flagged for review on "
            "the knowledge page. From 1 to 120; 12 unless you change it."
        ),
    )


class CommunityCreateForm(CommunityForm):
    charter = forms.CharField(
        label=_("Founding charter"),
        max_length=settings.MAX_BODY_LENGTH,
        required=False,
        widget=_textarea(12, CHARTER_STARTER),
        help_text=_(
            "Your rules of engagement and communication guidelines, in Markdown. Everyone who "
            "joins reads it and agrees to work by it; any member can later propose changes, "
            "which are adopted by consent. You can start from the example or leave it empty."
        ),
    )

    field_order = ["name", "purpose", "values", "charter", "visibility", "join_policy", "timezone"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search communities"), max_length=100, required=False)


class JoinForm(forms.Form):
    """Acknowledging the charter is checked by the service, which names the field in its error,
    so the checkbox is not required here (its message would be less helpful)."""

    acknowledge_charter = forms.BooleanField(
        label=_("I have read the charter and will work by it"),
        required=False,
        widget=forms.CheckboxInput(attrs={"required": True}),
    )
    message = forms.CharField(
        label=_("A note for the stewards (optional)"),
        max_length=1000,
        required=False,
        widget=_textarea(3, _("What brings you here? What would you like to learn or share?")),
        help_text=_("Stewards read this when they look at your request."),
    )

    def __init__(self, *args, has_charter: bool, asks_approval: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_charter:
            del self.fields["acknowledge_charter"]
        if not asks_approval:
            del self.fields["message"]


class AcknowledgeForm(forms.Form):
    acknowledge_charter = forms.BooleanField(
        label=_("I have read the charter and will work by it"),
        required=False,
        widget=forms.CheckboxInput(attrs={"required": True}),
    )


class InviteForm(forms.Form):
    email = forms.CharField(
        label=_("Their email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=format_lazy(
            _("They get a link to join that works for {days} days."), days=settings.INVITATION_DAYS
        ),
    )


class JoinRequestForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
    membership_id = forms.IntegerField(min_value=1)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class StewardAppointForm(forms.Form):
    user_id = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=())
    term_ends = forms.DateField(
        label=_("Term ends (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Rotating the role keeps power shared. Leave empty for no fixed end; the person "
            "can always step down."
        ),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user_id"].choices = [("", _("Choose a member…"))] + [
            (m["user_id"], m["display_name"]) for m in members
        ]


class MemberFilterForm(forms.Form):
    interest = forms.CharField(label=_("Interest"), max_length=50, required=False)
    expertise = forms.CharField(label=_("Expertise"), max_length=50, required=False)
    need = forms.CharField(label=_("Looking for"), max_length=50, required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Any sector"))] + Sector.choices, required=False
    )


class CharterProposeForm(forms.Form):
    body = forms.CharField(
        label=_("Proposed charter"),
        max_length=settings.MAX_BODY_LENGTH,
        widget=_textarea(18),
        help_text=_("The whole charter as it would read after your change. Markdown works here."),
    )
    rationale = forms.CharField(
        label=_("Why this change?"),
        max_length=4000,
        required=False,
        widget=_textarea(4, _("What problem does it solve? What did you notice?")),
        help_text=_("Helps others understand and respond to your proposal."),
    )


class CharterRespondForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Your response"), choices=Position.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        required=False,
        widget=_textarea(3),
        help_text=_("Needed for a concern or an objection, so the proposal can be improved."),
    )


class GoalCreateForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=5000,
        required=False,
        widget=_textarea(4, _("What would it look like when we get there?")),
    )


class GoalUpdateForm(GoalCreateForm):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    note = forms.CharField(
        label=_("Note for the history"),
        max_length=500,
        required=False,
        help_text=_("Why it changed, so people reading the history later understand."),
    )
