"""Forms for signing up, logging in and editing a profile. They parse what people type; the
rules (password strength, unique email, allowed values) live in accounts.services, whose
errors the views attach back to these forms."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from practica.core.errors import InvalidInput
from practica.core.tags import MAX_TAGS, parse_tags
from practica.core.timeutil import timezone_choices

from .models import PROFILE_FIELDS, Audience, Sector
from .services import DISPLAY_NAME_MAX, MAX_HOURS_PER_MONTH, TEXT_LIMITS

PASSWORD_MAX = 1024
TAG_FIELDS = ("interests", "expertise", "needs")


class NewPasswordForm(forms.Form):
    """A new password typed twice: sign-up and claiming an imported account both ask it."""

    password = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not a common password and not only numbers."),
    )
    password_confirm = forms.CharField(
        label=_("Password again"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password"), data.get("password_confirm")
        if first and second and first != second:
            self.add_error("password_confirm", _("The two passwords are not the same."))
        return data


class SignupForm(NewPasswordForm):
    field_order = ["email", "display_name", "password", "password_confirm"]

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("You log in with it. Nobody else sees it."),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("The name people will know you by, e.g. “Amina Yusuf”."),
    )


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def timezone_groups() -> list:
    """Time zones grouped by region for the select ("Europe" → Berlin, Lisbon …), UTC first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    top: list[tuple[str, str]] = [("UTC", "UTC")]
    for name in timezone_choices():
        if "/" not in name:
            if name != "UTC":
                top.append((name, name))
            continue
        region, place = name.split("/", 1)
        groups.setdefault(region, []).append((name, place.replace("_", " ")))
    return top + sorted(groups.items())


def _text(label, field, help_text="", **widget_attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_LIMITS[field],
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs) if widget_attrs else None,
    )


class TagsField(forms.CharField):
    """Comma-separated tags → a list of normalised names, with the service's limits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_tags(value)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message)


class ProfileForm(forms.Form):
    """Every profile field with, for each one the owner controls, a "who sees this" select
    named ``<field>_audience``, matching accounts.services.profile_update's arguments."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("Always visible: others need it to address and mention you."),
    )
    pronouns = _text(_("Pronouns"), "pronouns", placeholder=_("e.g. she/her, they/them"))
    bio = forms.CharField(
        label=_("About you"),
        max_length=TEXT_LIMITS["bio"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines about your work and what brings you here. Markdown works."),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("— Choose a sector —")), *Sector.choices], required=False
    )
    discipline = _text(_("Discipline"), "discipline", placeholder=_("e.g. epidemiology"))
    organisation = _text(_("Organisation"), "organisation")
    location = _text(_("Location"), "location", placeholder=_("e.g. Nairobi, Kenya"))
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_groups,
        help_text=_("Times on every page are shown in this zone."),
    )
    interests = TagsField(
        label=_("Interests"),
        help_text=format_lazy(
            _("Comma-separated, e.g. open science, evaluation. At most {n}."), n=MAX_TAGS
        ),
    )
    expertise = TagsField(
        label=_("Expertise"),
        help_text=_("What you could help others with. Comma-separated."),
    )
    needs = TagsField(
        label=_("Looking for"),
        help_text=_("What you would like to learn or find help with. Comma-separated."),
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours per month"),
        required=False,
        min_value=0,
        max_value=MAX_HOURS_PER_MONTH,
        help_text=_("Roughly how much time you can give to your communities each month."),
    )

    named_in_health = forms.BooleanField(
        label=_("Let my communities' health pages name me"),
        required=False,
        help_text=_(
            "For example as a newcomer waiting for an answer, or as someone who has gone "
            "quiet, so that others can offer a word. If you untick this, you are only "
            "counted there, never named."
        ),
    )

    SECTIONS = (
        (_("Who you are"), ("display_name", "pronouns", "bio")),
        (_("Your work"), ("sector", "discipline", "organisation", "location", "timezone")),
        (_("Knowledge"), ("interests", "expertise", "needs")),
        (_("Time"), ("hours_per_month",)),
        (_("Community health"), ("named_in_health",)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in PROFILE_FIELDS:
            self.fields[f"{field}_audience"] = forms.ChoiceField(
                label=_("Who sees this"), choices=Audience.choices
            )

    @classmethod
    def initial_for(cls, profile) -> dict:
        initial = {"display_name": profile.display_name, "named_in_health": profile.named_in_health}
        for field in PROFILE_FIELDS:
            initial[f"{field}_audience"] = profile.audience(field)
            if field in TAG_FIELDS:
                initial[field] = [t.name for t in getattr(profile, field).all()]
            else:
                initial[field] = getattr(profile, field)
        return initial

    def sections(self) -> list[tuple[str, list[tuple]]]:
        """(title, [(bound field, bound audience field or None)]) for the template."""
        result = []
        for title, names in self.SECTIONS:
            rows = []
            for name in names:
                audience = f"{name}_audience"
                rows.append((self[name], self[audience] if audience in self.fields else None))
            result.append((title, rows))
        return result


class ClaimRequestForm(forms.Form):
    """Ask for a link to claim the messages imported from one's address."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("The address you wrote to the mailing list from."),
    )


class ClaimConfirmForm(NewPasswordForm):
    """Choose the password (and the name) of a claimed account."""

    field_order = ["display_name", "password", "password_confirm"]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("The name people will know you by; it is shown on your imported messages."),
    )
