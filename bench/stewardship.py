"""A community with ten years of stewardship: the money and labour pages at scale.

``seed_stewardship_community`` writes one more community, ``bench-stewardship`` (public, its
ledger public), with ``time_entries`` rows of time given (100,000 at the default scale) spread
over its members with a long tail, ``funds`` funds (about 40) received over ten years, and
``expenses`` expenses (20,000) paid from them — mostly approved, some pending, rejected or
withdrawn — never overdrawing a fund or breaking its restriction, as the services would leave
them. Rows are written in bulk (``bench.bulk.Inserter``), not through the services.

``stewardship_targets(browser)`` gives the pages ``bench/measure.py`` times on it: the ledger,
the runway API and the labour page, each with a target of p50 ≤ 5× the floor (issue 5).
"""

import random
from bisect import bisect
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from django.db import connection, transaction
from tqdm import tqdm

from practica.accounts.models import User
from practica.communities.models import CharterProposal, Community, Membership
from practica.stewardship.models import (
    Expense,
    ExpenseCategory,
    Fund,
    FundKind,
    LabourKind,
    StewardshipSettings,
    TimeEntry,
)

from .bulk import Inserter, next_id
from .seed import login_email

SLUG = "bench-stewardship"
PAGE_P50_FACTOR = 5
YEARS = 10
MEMBERS = 400
TIME_ENTRIES = 100_000
EXPENSES = 20_000
FUNDS = 40


class StewardshipSeeder:
    def __init__(self, *, time_entries=TIME_ENTRIES, expenses=EXPENSES, funds=FUNDS, seed=1,
                 progress=True):  # fmt: skip
        self.rng = random.Random(seed)
        self.time_entries, self.expenses, self.funds = time_entries, expenses, funds
        self.progress = progress
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.today = self.now.date()
        self.born = self.today - timedelta(days=365 * YEARS)
        self.dt = connection.ops.adapt_datetimefield_value

    def _day(self) -> date:
        return self.born + timedelta(days=self.rng.randrange((self.today - self.born).days + 1))

    def run(self) -> int:
        rng = self.rng
        people = list(
            User.objects.filter(is_placeholder=False).order_by("pk").values_list("pk", flat=True)
        )
        members = rng.sample(people, min(MEMBERS, len(people)))
        # The measuring member belongs, as an ordinary member (not one of the stewards first).
        login = User.objects.filter(email=login_email(0)).values_list("pk", flat=True).first()
        if login is not None and login not in members[3:]:
            if login in members:
                members.remove(login)
            else:
                members.pop()
            members.append(login)
        community_id = next_id(Community)
        with transaction.atomic():
            self._community(community_id, members)
            StewardshipSettings.objects.create(
                community_id=community_id, currency="EUR", ledger_visibility="public",
                approval_threshold=Decimal("250"),
            )  # fmt: skip
            funds = self._funds(community_id, members[:3])
        self._expenses(community_id, members, funds)
        self._time(community_id, members)
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Fund, Community]):
                    cursor.execute(sql)
                cursor.execute("ANALYZE")
        return community_id

    def _community(self, community_id: int, members: list[int]) -> None:
        born = datetime.combine(self.born, datetime.min.time(), tzinfo=UTC)
        row = Inserter(Community)
        row.add(
            id=community_id, name="Bench stewardship", slug=SLUG,
            purpose="Ten years of money and time.", purpose_html="<p>Ten years.</p>",
            values="", values_html="", visibility="public", join_policy="open",
            sector="Public health", timezone="UTC", created_by=members[0],
            created_at=self.dt(born), member_count=len(members), article_review_months=12,
            concluded_at=None, concluded_note="", concluded_note_html="",
        )  # fmt: skip
        row.flush()
        charter = CharterProposal.objects.create(
            community_id=community_id, body="Be kind.", body_html="<p>Be kind.</p>",
            rationale="Founding charter", proposed_by_id=members[0], created_at=born,
            review_ends_at=born, status="adopted", decided_at=born, version=1,
        )  # fmt: skip
        rows = Inserter(Membership)
        for position, user_id in enumerate(members):
            rows.add(
                user=user_id, community=community_id,
                role="steward" if position < 3 else "member", status="active",
                charter_acknowledged=charter.pk, request_message="",
                joined_at=self.dt(born), updated_at=self.dt(born),
            )  # fmt: skip
        rows.flush()

    def _funds(self, community_id: int, stewards: list[int]) -> list[dict]:
        rng = self.rng
        # Enough money for every expense: about 110 on average each, with a margin.
        per_fund = Decimal(self.expenses * 160 // max(1, self.funds) + 1000)
        funds = []
        for k in range(self.funds):
            received = self.born + timedelta(days=int(k * 365 * YEARS / self.funds))
            restricted = rng.sample(ExpenseCategory.values, 2) if k % 4 == 0 else []
            ends = received + timedelta(days=3 * 365) if k % 3 == 0 else None
            fund = Fund.objects.create(
                community_id=community_id, name=f"Fund {k + 1}",
                kind=rng.choice(FundKind.values), source=f"Funder {k % 7 + 1}",
                amount=per_fund, currency="EUR", rate=Decimal(1), amount_community=per_fund,
                received_on=received, restricted_to=restricted, ends_on=ends,
                created_by_id=rng.choice(stewards),
            )  # fmt: skip
            funds.append({"id": fund.pk, "received": received, "ends": ends,
                          "restricted": restricted, "left": per_fund})  # fmt: skip
        return funds

    def _expenses(self, community_id: int, members: list[int], funds: list[dict]) -> None:
        rng, dt = self.rng, self.dt
        rows = Inserter(Expense)
        statuses = ["approved"] * 90 + ["pending"] * 3 + ["rejected"] * 4 + ["withdrawn"] * 3
        written = 0
        bar = tqdm(total=self.expenses, desc="expenses", disable=not self.progress)
        while written < self.expenses:
            day = self._day()
            usable = [
                f for f in funds if f["received"] <= day and (not f["ends"] or day <= f["ends"])
            ]
            if not usable:
                continue
            fund = rng.choice(usable)
            category = rng.choice(fund["restricted"] or ExpenseCategory.values)
            amount = Decimal(rng.randint(500, 30000)) / 100
            status = rng.choice(statuses)
            if status == "approved":
                if fund["left"] < amount:
                    continue
                fund["left"] -= amount
            at = dt(datetime.combine(day, datetime.min.time(), tzinfo=UTC))
            rows.add(
                community=community_id, fund=fund["id"], spent_on=day, amount=amount,
                currency="EUR", rate=Decimal(1), amount_community=amount, category=category,
                description="Room, tea and the video-call subscription", receipt="",
                status=status, submitted_by=rng.choice(members),
                decided_by=members[0] if status in ("approved", "rejected") else None,
                decided_at=at if status in ("approved", "rejected") else None,
                decision_note="", created_at=at, updated_at=at,
            )  # fmt: skip
            written += 1
            if written % 1000 == 0:
                bar.update(1000)
        rows.flush()
        bar.close()

    def _time(self, community_id: int, members: list[int]) -> None:
        rng, dt = self.rng, self.dt
        weights = list(accumulate(1 / (k + 1) ** 1.1 for k in range(len(members))))
        total = weights[-1]
        rows = Inserter(TimeEntry)
        kinds = LabourKind.values
        for k in tqdm(range(self.time_entries), desc="time entries", disable=not self.progress):
            day = self._day()
            at = dt(datetime.combine(day, datetime.min.time(), tzinfo=UTC))
            rows.add(
                community=community_id,
                person=members[bisect(weights, rng.random() * total)],
                day=day, hours=Decimal(rng.randint(1, 16)) / 2, kind=kinds[k % len(kinds)],
                note="", link="", created_at=at, updated_at=at,
            )  # fmt: skip
        rows.flush()


def seed_stewardship_community(*, time_entries=TIME_ENTRIES, expenses=EXPENSES, funds=FUNDS,
                               seed=1, progress=True) -> int:  # fmt: skip
    return StewardshipSeeder(
        time_entries=time_entries, expenses=expenses, funds=funds, seed=seed, progress=progress
    ).run()


def stewardship_targets(browser: dict) -> list:
    """The ledger page, the runway API and the labour page of ``bench-stewardship``, if it was
    seeded; each p50 ≤ 5× the floor, seen by the measuring member, an ordinary member of it."""
    from .measure import Target

    community = Community.objects.filter(slug=SLUG).first()
    if community is None:
        return []
    expenses = Expense.objects.filter(community=community).count()
    entries = TimeEntry.objects.filter(community=community).count()
    note = f"{expenses:,} expenses, {entries:,} time entries, 10 years"
    return [
        Target("ledger page", f"/c/{SLUG}/money/", browser, note, p50_factor=PAGE_P50_FACTOR),
        Target(
            "runway API",
            f"/api/v1/communities/{SLUG}/runway",
            browser,
            note,
            p50_factor=PAGE_P50_FACTOR,
        ),  # fmt: skip
        Target("labour page", f"/c/{SLUG}/time/", browser, note, p50_factor=PAGE_P50_FACTOR),
    ]
