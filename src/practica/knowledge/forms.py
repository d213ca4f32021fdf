"""Forms for articles. They parse input only; the services decide what is allowed and their
errors are attached back to these forms by the views."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ArticleKind, ArticleStatus

MARKDOWN_HELP = _(
    "Markdown works here: ## headings, **bold**, lists, [links](https://…) and > quotes."
)


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of article"), choices=ArticleKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Name the practice, guide, story or term so others can find it."),
    )
    url = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        help_text=_("For a resource: the web address you are annotating."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=settings.MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=MARKDOWN_HELP,
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=1000,
        required=False,
        help_text=_("Separate tags with commas, e.g. home visits, interpreting."),
    )
    summary = forms.CharField(
        label=_("What did you change?"),
        max_length=300,
        required=False,
        help_text=_("A short note for the history, e.g. “added the consent step”."),
    )


class ArticleCreateForm(ArticleForm):
    status = forms.ChoiceField(
        label=_("Publish now?"),
        choices=[
            (ArticleStatus.DRAFT, _("Save as a draft — members can read and improve it")),
            (ArticleStatus.PUBLISHED, _("Publish — anyone who can see the community reads it")),
        ],
        initial=ArticleStatus.DRAFT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].label = _("A note for the history")
        self.fields["summary"].help_text = _("Optional; “First version” if left empty.")


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ArticleStatus.choices)


class EndorseForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("endorse", "endorse"), ("withdraw", "withdraw")], required=False
    )


class RestoreForm(forms.Form):
    summary = forms.CharField(label=_("Why restore it?"), max_length=300, required=False)
