"""The archive page: what a community's archive holds, the stewards' download button, and
concluding the community (or reopening it).

Members can read the page; only stewards see and use its buttons. The download is written to
a temporary file and streamed from there, so a large community never sits in memory.
"""

import tempfile

from django import forms
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from practica.communities.queries import stewards_of
from practica.communities.services import (
    CONCLUDED_NOTE_MAX,
    community_conclude,
    community_reopen,
)
from practica.communities.views import community_context, community_for_action, posted
from practica.core.errors import PracticaError
from practica.core.http import domain_errors

from ..archive import archive_export

ACTIONS = ("download", "conclude", "reopen")


class ConcludeForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What the community became"),
        max_length=CONCLUDED_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Shown on every page of the community from now on: why it ended, or what it "
            "turned into and where to find it. Markdown works here."
        ),
    )


def _download(request, community):
    handle = tempfile.TemporaryFile()
    try:
        archive_export(request.user, community, handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{community.slug}-archive-{stamp}.zip",
        content_type="application/zip",
    )


@require_http_methods(["GET", "POST"])
@domain_errors
def archive_page(request, slug):
    community = community_for_action(request, slug, need="member")
    context = community_context(request, community, "settings")
    form = ConcludeForm(posted(request) if request.POST.get("action") == "conclude" else None)
    status, error = 200, ""
    if request.method == "POST":
        action = request.POST.get("action")
        status = 400
        try:
            if action == "download":
                return _download(request, community)
            if action == "conclude":
                if form.is_valid():
                    community_conclude(request.user, community, note=form.cleaned_data["note"])
                    messages.success(
                        request,
                        _("%(c)s has concluded. Its record stays readable.")
                        % {"c": community.name},
                    )
                    return redirect("knowledge:archive", slug=community.slug)
            elif action == "reopen":
                community_reopen(request.user, community)
                messages.success(request, _("%(c)s is open again.") % {"c": community.name})
                return redirect("knowledge:archive", slug=community.slug)
            else:
                error = _("Choose what to do: download, conclude or reopen.")
        except PracticaError as exc:
            status = exc.status
            if action == "conclude" and exc.field == "note":
                form.add_error("note", exc.message)
            else:
                error = exc.message
    context.update(
        form=form,
        error=error,
        stewards=stewards_of(community),
    )
    return render(request, "knowledge/archive.html", context, status=status)


urlpatterns = [
    path("c/<slug:slug>/archive/", archive_page, name="archive"),
]
