"""The signed-in person's own contribution summary page (``/me/contributions/``), and the
same as plain text to copy or save (``?format=text``). Nobody else's summary has a page."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from practica.core.errors import InvalidInput
from practica.core.http import domain_errors

from .summary import contribution_summary, summary_text


@require_GET
@domain_errors
def my_summary(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    error, status = None, 200
    try:
        summary = contribution_summary(request.user, request.GET.get("year"))
    except InvalidInput as exc:
        error, status = exc.message, 400
        summary = contribution_summary(request.user)
    text = summary_text(request.user, summary)
    if request.GET.get("format") == "text" and error is None:
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        name = f"contributions-{summary['year']}.txt"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {"summary": summary, "text": text, "error": error}
    return render(request, "health/summary.html", context, status=status)
