"""The demo communities' money: a start-up grant that is running out, donations, in-kind rooms
and an honoraria pool in another currency; two years of approved spending (the video-call
subscription every month, rooms, catering, facilitation), a budget for this year and last,
one expense rejected, one withdrawn, and one above the threshold waiting for a second
steward — so ana.lima, steward of community-health-practice, has something to approve.

Everything goes through the services (``practica.stewardship.services.money``) in date order,
and each act's rows are then moved back to when it happened. People who are not stewards or
active members at load time are skipped, so edits elsewhere in the demo cannot make loading
fail.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Community
from practica.communities.visibility import forget_memberships, is_member, is_steward
from practica.core.errors import PracticaError
from practica.stewardship.models import Expense
from practica.stewardship.services.money import (
    budget_set,
    expense_reject,
    expense_submit,
    expense_withdraw,
    fund_record,
    money_settings_update,
)
from practica.stewardship.services.money import expense_approve as approve

from .timeline import Backdater


@dataclass(frozen=True)
class FundSpec:
    key: str
    by: str
    days_ago: int
    name: str
    kind: str
    source: str
    amount: str
    currency: str = "EUR"
    rate: str | None = None
    restricted_to: tuple[str, ...] = ()
    note: str = ""
    ends_in_days: int | None = None  # from today; negative: already ended


@dataclass(frozen=True)
class Spend:
    by: str
    days_ago: int
    fund: str
    amount: str
    category: str
    description: str
    approved_by: str | None = None  # a second steward; None: approved at once or left
    outcome: str = "approved"  # approved, pending, rejected, withdrawn
    note: str = ""


HEALTH_FUNDS = [
    FundSpec("grant", "naledi.dlamini", 700, "Start-up grant", "grant",
             "Global Health Learning Foundation", "12000",
             restricted_to=("venue", "facilitation", "tools", "travel", "catering"),
             note="For gatherings and the tools to hold them; not for honoraria.",
             ends_in_days=120),
    FundSpec("rooms", "ana.lima", 420, "Meeting rooms (in kind)", "in_kind",
             "Durban City Library", "1500", restricted_to=("venue",),
             note="Room hire, valued at the library's rates."),
    FundSpec("donations", "ana.lima", 300, "Member donations", "donation",
             "Members and friends", "1800"),
    FundSpec("honoraria", "ana.lima", 200, "Speaker honoraria pool", "grant",
             "Pacific CHW Alliance", "2000", currency="USD", rate="0.92",
             restricted_to=("honoraria", "travel"), note="Honoraria for CHW speakers."),
]  # fmt: skip


def _health_spending() -> list[Spend]:
    spends = []
    # The video-call subscription, every month for two years.
    for month in range(23, -1, -1):
        spends.append(Spend("ana.lima", 30 * month + 5, "grant", "14.90", "tools",
                            "Video-call subscription"))  # fmt: skip
    for days, amount, what in ((610, "120", "Room for the Durban practice day"),
                               (380, "85", "Library room, training exercise swap"),
                               (250, "85", "Library room, data give-back workshop"),
                               (90, "85", "Library room, home-visit case clinic")):  # fmt: skip
        fund = "grant" if days > 420 else "rooms"
        spends.append(Spend("naledi.dlamini", days, fund, amount, "venue", what))
    spends += [
        Spend("carlos.mendoza", 560, "grant", "640", "facilitation",
              "Facilitator for the promotores exchange", approved_by="ana.lima"),
        Spend("kwame.mensah", 470, "grant", "96.40", "catering",
              "Lunch for the peer-counsellor session", approved_by="naledi.dlamini"),
        Spend("priya.raman", 330, "grant", "310", "travel",
              "Train to the regional gathering", approved_by="ana.lima"),
        Spend("fatima.benali", 180, "honoraria", "250", "honoraria",
              "Honorarium: interpreter training session", approved_by="carlos.mendoza"),
        Spend("moana.tupou", 150, "donations", "48", "catering", "Snacks for the online-offline "
              "meetup", approved_by="ana.lima"),
        Spend("tomas.herrera", 120, "donations", "35", "tools", "Survey tool, one month",
              outcome="rejected", note="The free tier covers what we need; let's use it."),
        Spend("jonas.weber", 75, "grant", "420", "facilitation",
              "Graphic recorder for the sustainability session", approved_by="ana.lima"),
        Spend("leila.haddad", 60, "honoraria", "300", "honoraria",
              "Honorarium: refugee-setting volunteers panel", approved_by="naledi.dlamini"),
        Spend("julien.martin", 40, "donations", "60", "tools", "Data viz course",
              outcome="withdrawn"),
        Spend("ana.lima", 25, "grant", "180", "catering",
              "Catering for the goals review gathering", approved_by="carlos.mendoza"),
        Spend("carlos.mendoza", 6, "grant", "480", "travel",
              "Travel for two promotores to the CHW summit", outcome="pending"),
    ]  # fmt: skip
    return sorted(spends, key=lambda s: -s.days_ago)


BUDGETS = {
    # year offset from this year: {category: amount}
    -1: {"venue": "600", "facilitation": "900", "tools": "200", "travel": "500",
         "catering": "300", "honoraria": "600"},
    0: {"venue": "500", "facilitation": "800", "tools": "200", "travel": "700",
        "catering": "300", "honoraria": "900", "other": "100"},
}  # fmt: skip

MONEY = {"community-health-practice": (HEALTH_FUNDS, _health_spending)}


def _at(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(10, 30)))


def _day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def load_money(users: dict[str, User], slugs) -> None:
    """Write the money of these demo communities (those just created)."""
    for slug in slugs:
        spec = MONEY.get(slug)
        community = Community.objects.filter(slug=slug).first()
        if spec is None or community is None:
            continue
        funds_spec, spending = spec
        _load(users, community, funds_spec, spending())


def _load(users, community, funds_spec, spending) -> None:
    stamp = Backdater()
    for user in users.values():
        forget_memberships(user)
    founder = users.get(funds_spec[0].by)
    if founder is None or not is_steward(founder, community):
        return
    money_settings_update(
        founder, community, currency="EUR", ledger_visibility="public", approval_threshold="150"
    )
    stamp.stamp(_at(720))
    funds = {}
    for f in funds_spec:
        by = users.get(f.by)
        if by is None or not is_steward(by, community):
            continue
        ends = _day(-f.ends_in_days) if f.ends_in_days is not None else None
        funds[f.key] = fund_record(
            by, community, name=f.name, kind=f.kind, source=f.source, amount=f.amount,
            currency=f.currency, rate=f.rate, received_on=_day(f.days_ago),
            restricted_to=list(f.restricted_to), restriction_note=f.note, ends_on=ends,
        )  # fmt: skip
        funds[f.key].__class__.objects.filter(pk=funds[f.key].pk).update(
            created_at=_at(f.days_ago), updated_at=_at(f.days_ago)
        )
        stamp.stamp(_at(f.days_ago))
    for s in spending:
        by, fund = users.get(s.by), funds.get(s.fund)
        if by is None or fund is None or not is_member(by, community):
            continue
        try:
            expense = expense_submit(
                by, community, fund_id=fund.pk, spent_on=_day(s.days_ago), amount=s.amount,
                category=s.category, description=s.description,
            )  # fmt: skip
            when = _at(s.days_ago)
            stamp.stamp(when)
            decided = when + timedelta(days=1)
            if expense.status == "pending":
                steward = users.get(s.approved_by or "")
                if s.outcome == "approved" and steward and is_steward(steward, community):
                    approve(steward, expense.pk, note="")
                elif s.outcome == "rejected":
                    expense_reject(users["ana.lima"], expense.pk, note=s.note)
                elif s.outcome == "withdrawn":
                    expense_withdraw(by, expense.pk)
                stamp.stamp(decided)
            Expense.objects.filter(pk=expense.pk).update(
                created_at=when,
                updated_at=decided if s.outcome != "pending" else when,
                decided_at=(decided if expense.status != "approved" else when)
                if s.outcome in ("approved", "rejected")
                else None,
            )
        except PracticaError:
            continue  # a demo edit made this one impossible: skip it, keep the rest
    year = timezone.localdate().year
    for offset, lines in BUDGETS.items():
        budget_set(founder, community, year=year + offset, lines=lines)
        stamp.stamp(_at(max(1, -offset * 365 + 20)) if offset < 0 else _at(20))
