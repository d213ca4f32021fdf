"""Forms for topics and replies. They parse input only; the services decide what is allowed
and their errors are attached back to these forms by the views."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import TopicKind

MARKDOWN_HELP = _(
    "Markdown works here: **bold**, _italic_, lists, [links](https://…) and > quotes."
)


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=settings.MAX_TITLE_LENGTH,
        help_text=_("Say what it is about in a few words, so people know whether they can help."),
    )
    body = forms.CharField(
        label=_("What would you like to share or ask?"),
        max_length=settings.MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=1000,
        required=False,
        help_text=_("Separate tags with commas, e.g. evaluation, rural health."),
    )


class TopicCreateForm(TopicForm):
    kind = forms.ChoiceField(label=_("Kind of topic"), choices=TopicKind.choices)

    field_order = ["kind", "title", "body", "tags"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=settings.MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class PostEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your post"),
        max_length=settings.MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
    )


TOPIC_ACTIONS = ("pin", "unpin", "lock", "unlock", "hide", "unhide")
POST_ACTIONS = ("hide", "unhide")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in TOPIC_ACTIONS])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, actions=TOPIC_ACTIONS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, a) for a in actions]


class AnswerForm(forms.Form):
    post_id = forms.IntegerField(required=False, min_value=1)
    action = forms.ChoiceField(choices=[("mark", "mark"), ("unmark", "unmark")], required=False)
