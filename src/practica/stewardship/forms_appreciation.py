"""Forms for appreciation notes. They parse input only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.appreciation import BODY_MAX, REASON_MAX

MARKDOWN_HELP = _("Say what they did and what it meant. Markdown works: **bold**, lists, links.")


class AppreciationForm(forms.Form):
    """``members`` is [(user id, name)] for a select; None for a community too large to list,
    where the recipient is typed by the name they show in the member directory."""

    recipient = forms.CharField(label=_("Who do you appreciate?"), max_length=80)
    body = forms.CharField(
        label=_("What do you appreciate?"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    target = forms.CharField(
        label=_("What is it for?"),
        max_length=500,
        required=False,
        help_text=_(
            "Paste a link to their post, topic or article in this community, e.g. "
            "/t/12/?post=34 — or leave it empty."
        ),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = members is not None
        if self.listed:
            self.fields["recipient"] = forms.TypedChoiceField(
                label=_("Who do you appreciate?"),
                choices=[("", _("Choose a member"))] + [(str(pk), name) for pk, name in members],
                coerce=int,
            )
        else:
            self.fields["recipient"].help_text = _(
                "Their name as it appears in the member directory."
            )


class AppreciationManageForm(forms.Form):
    ACTIONS = (
        ("show", _("Show on my profile")),
        ("unshow", _("Take off my profile")),
        ("delete", _("Delete")),
    )
    action = forms.ChoiceField(choices=ACTIONS)
    note = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(
        label=_("Which part of the charter does it break?"), max_length=REASON_MAX, required=False
    )
