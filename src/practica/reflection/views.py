"""Reflection pages: the rounds of a community (with the trend across rounds, the form to open
one and the stewards' setting), a round (one's own answer, the results once they may be shown,
the goal review) and its retrospective.

Nobody but its author ever sees an answer: the pages show the viewer's own answer and the
aggregates of ``queries`` only. Other apps add sections to the retrospective through
``register_retrospective_section`` (health adds the indicators at the round's closing date),
since reflection must not import them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.communities.views import community_context, community_for_action, posted
from practica.core.errors import PracticaError
from practica.core.http import domain_errors, form_error

from . import charts, forms, queries, services
from .aggregates import SCALE
from .models import CheckInRound, GoalDecision, StorySharing, ValueCycle

DASH = "—"

# --- sections other apps add to the retrospective ---------------------------------------------

RetrospectiveSection = Callable[[object, CheckInRound], dict | None]
RETROSPECTIVE_SECTIONS: list[RetrospectiveSection] = []


def register_retrospective_section(provider: RetrospectiveSection) -> RetrospectiveSection:
    """``provider(request, round)`` returns ``{"template": …, …}`` or None; the retrospective
    includes each section it is given, after reflection's own."""
    if provider not in RETROSPECTIVE_SECTIONS:
        RETROSPECTIVE_SECTIONS.append(provider)
    return provider


def _sections(request, round) -> list[dict]:
    found = []
    for provider in RETROSPECTIVE_SECTIONS:
        section = provider(request, round)
        if section:
            found.append(section)
    return found


# --- numbers into words and charts -------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return DASH
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _cycle_names() -> dict[str, str]:
    return {value: str(label).split(":")[0] for value, label in ValueCycle.choices}


def results_view(results: dict) -> dict | None:
    """The round's aggregates laid out for the page: None while nothing may be shown."""
    if results.get("suppressed"):
        return None
    w = results["worthwhile"]
    dist = w["distribution"]
    total = results["count"]
    rows = [{"score": s, "count": dist[s], "share": f"{dist[s] * 100 / total:.0f}%"} for s in SCALE]
    chart = charts.bar_chart(
        [(str(s), dist[s]) for s in SCALE],
        top=max(dist.values()),
        title=_("How worthwhile people find their time (1–5)"),
        summary=_("%(n)d answers; mean %(mean)s, median %(median)s.")
        % {"n": total, "mean": _num(w["mean"]), "median": _num(w["median"])},
        empty=_("No answers"),
        key="worthwhile-distribution",
    )
    names = _cycle_names()
    capacity = results["capacity"]
    return {
        "count": total,
        "mean": _num(w["mean"]),
        "median": _num(w["median"]),
        "distribution": rows,
        "chart": chart,
        "capacity_answered": capacity["answered"],
        "capacity_hidden": capacity["suppressed"],
        "capacity_total": capacity["total"],
        "cycles": [{"name": names[c], "count": n} for c, n in results["cycles"].items()],
    }


def trend_view(points: list[dict]) -> dict:
    labels = [p["closes_at"].strftime("%Y-%m-%d") for p in points]
    chart = charts.bar_chart(
        [(label, p["mean"]) for label, p in zip(labels, points, strict=True)],
        top=5,
        ticks=(1, 2, 3, 4, 5),
        title=_("Worthwhile, mean across rounds"),
        summary=_(
            "Mean answer to “is your time here worthwhile?” (1–5) in each closed round, oldest "
            "first; rounds with fewer than %(n)d answers show no mean."
        )
        % {"n": queries.aggregates.MIN_GROUP},
        empty=_("No closed round with enough answers yet"),
        key="worthwhile-trend",
    )
    rows = [
        {
            "id": p["id"],
            "title": p["title"],
            "closed": label,
            "count": p["count"],
            "mean": _num(p["mean"]),
            "change": (("+" if p["change"] > 0 else "") + _num(p["change"]))
            if p["change"] is not None
            else DASH,
        }
        for label, p in zip(labels, points, strict=True)
    ]
    return {"chart": chart, "rows": rows}


# --- the rounds --------------------------------------------------------------------------------


def _rounds_page(request, community, *, open_form=None, settings_form=None, status=200):
    context = community_context(request, community, "reflection")
    can_open = not community.is_concluded and services.may_open_round(request.user, community)
    current = services.reflection_settings(community)
    page = queries.rounds_for_viewer(request.user, community, request.GET.get("page", 1))
    for item in page.items:
        item.community = community
        item.closing_day = services.closing_day(item)
    context.update(
        page=page,
        can_open=can_open,
        open_form=open_form or (forms.RoundOpenForm() if can_open else None),
        settings_form=settings_form
        or forms.SettingsForm(initial={"members_may_open": current.members_may_open}),
        members_may_open=current.members_may_open,
        trend=trend_view(queries.trend(request.user, community)),
        min_group=queries.aggregates.MIN_GROUP,
    )
    return render(request, "reflection/rounds.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def rounds(request, slug):
    community = community_for_action(request, slug, need="member")
    if request.method == "GET":
        return _rounds_page(request, community)
    form = forms.RoundOpenForm(posted(request))
    status = 400
    if form.is_valid():
        try:
            round = services.checkin_open(request.user, community, **form.cleaned_data)
        except PracticaError as exc:
            if exc.status != 400:
                raise
            form_error(form, exc)
        else:
            messages.success(request, _("The round is open; members have been told."))
            return redirect(services.round_url(round))
    return _rounds_page(request, community, open_form=form, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def settings_view(request, slug):
    community = community_for_action(request, slug, need="steward")
    if request.method == "GET":
        return redirect("reflection:rounds", slug=community.slug)
    form = forms.SettingsForm(posted(request))
    if form.is_valid():
        try:
            services.reflection_settings_update(
                request.user, community, members_may_open=form.cleaned_data["members_may_open"]
            )
        except PracticaError as exc:
            if exc.status != 400:
                raise
            form_error(form, exc)
        else:
            messages.success(request, _("Reflection settings saved."))
            return redirect("reflection:rounds", slug=community.slug)
    return _rounds_page(request, community, settings_form=form, status=400)


# --- one round ---------------------------------------------------------------------------------


def _answer_initial(answer) -> dict:
    if answer is None:
        return {"sharing": StorySharing.PRIVATE}
    return {
        "worthwhile": answer.worthwhile,
        "capacity_hours": answer.capacity_hours,
        "story": answer.story,
        "cycles": answer.cycles,
        "sharing": answer.sharing,
        "should_change": answer.should_change,
    }


def _review_forms(request, round, bound=None) -> list[dict]:
    if round.community.is_concluded or not services.may_review_goals(request.user, round):
        return []
    found = []
    for goal in queries.goals_to_review(request.user, round):
        form = (
            bound
            if bound is not None and bound.data.get("goal_id") == str(goal.pk)
            else forms.GoalReviewForm(
                initial={"goal_id": goal.pk, "decision": GoalDecision.KEEP},
                prefix=None,
                auto_id=f"id_goal{goal.pk}_%s",
            )
        )
        found.append({"goal": goal, "form": form})
    return found


def _round_page(request, community, round, *, answer_form=None, review_form=None, status=200):
    context = community_context(request, community, "reflection")
    mine = queries.my_answer(request.user, round)
    writable = round.is_open and not community.is_concluded
    results = queries.round_results(request.user, round)
    context.update(
        round=round,
        closing_day=services.closing_day(round),
        my_answer=mine,
        my_cycles=[_cycle_names()[c] for c in (mine.cycles if mine else []) if c in _cycle_names()],
        answer_form=(answer_form or forms.AnswerForm(initial=_answer_initial(mine)))
        if writable
        else None,
        answer_count=results["count"],
        results=results_view(results),
        min_group=queries.aggregates.MIN_GROUP,
        can_close=writable and services.may_close(request.user, round),
        reviews=queries.goal_reviews(request.user, round),
        review_forms=_review_forms(request, round, review_form),
    )
    return render(request, "reflection/round.html", context, status=status)


def _round_in(request, slug, round_id):
    community = community_for_action(request, slug, need="member")
    return community, queries.round_for_viewer(request.user, community, round_id)


@require_http_methods(["GET", "POST"])
@domain_errors
def round_view(request, slug, round_id):
    """The round; a POST answers it, or changes one's answer while it is open."""
    community, round = _round_in(request, slug, round_id)
    if request.method == "GET":
        return _round_page(request, community, round)
    form = forms.AnswerForm(posted(request))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            if queries.my_answer(request.user, round) is None:
                services.checkin_answer(request.user, round.pk, **data)
            else:
                services.checkin_answer_update(request.user, round.pk, **data)
        except PracticaError as exc:
            if exc.status not in (400, 409):
                raise
            form_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Thank you. Your answer is saved and stays private."))
            return redirect(services.round_url(round))
    return _round_page(request, community, round, answer_form=form, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def close_view(request, slug, round_id):
    """A POST closes the round; a GET (after the visibility check) goes to the round."""
    community, round = _round_in(request, slug, round_id)
    if request.method == "GET":
        return redirect(services.round_url(round))
    try:
        services.checkin_close(request.user, round.pk)
    except PracticaError as exc:
        if exc.status != 409:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The round is closed."))
    return redirect(services.round_url(round))


@require_http_methods(["GET", "POST"])
@domain_errors
def goal_review_view(request, slug, round_id):
    community, round = _round_in(request, slug, round_id)
    if request.method == "GET":
        return redirect(services.round_url(round) + "#goals")
    form = forms.GoalReviewForm(posted(request))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_review(
                request.user,
                round.pk,
                goal_id=data["goal_id"],
                decision=data["decision"],
                title=data["title"] or None,
                description=data["description"] or None,
                note=data["note"],
            )
        except PracticaError as exc:
            if exc.status not in (400, 409):
                raise
            form_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The decision is written to the goal's history."))
            return redirect(services.round_url(round) + "#goals")
    return _round_page(request, community, round, review_form=form, status=status)


@require_http_methods(["GET"])
@domain_errors
def retrospective(request, slug, round_id):
    community, round = _round_in(request, slug, round_id)
    context = community_context(request, community, "reflection")
    results = queries.round_results(request.user, round)
    stories = queries.shared_stories(request.user, round, request.GET.get("page", 1))
    names = _cycle_names()
    for story in stories.items:
        story["cycle_names"] = [names[c] for c in story["cycles"] if c in names]
    context.update(
        round=round,
        answer_count=results["count"],
        results=results_view(results),
        min_group=queries.aggregates.MIN_GROUP,
        stories=stories,
        reviews=queries.goal_reviews(request.user, round),
        trend=trend_view(queries.trend(request.user, community, until=round)),
        sections=_sections(request, round),
    )
    return render(request, "reflection/retrospective.html", context)


urlpatterns = [
    path("c/<slug:slug>/reflection/", rounds, name="rounds"),
    path("c/<slug:slug>/reflection/settings/", settings_view, name="settings"),
    path("c/<slug:slug>/reflection/<int:round_id>/", round_view, name="round"),
    path("c/<slug:slug>/reflection/<int:round_id>/close/", close_view, name="close"),
    path("c/<slug:slug>/reflection/<int:round_id>/goals/", goal_review_view, name="goal_review"),
    path(
        "c/<slug:slug>/reflection/<int:round_id>/retrospective/",
        retrospective,
        name="retrospective",
    ),
]
