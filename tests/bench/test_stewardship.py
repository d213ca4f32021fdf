"""The stewardship community of the benchmark: the rows asked for, a ledger that balances
(no fund overdrawn, restrictions kept), and pages that answer on it."""

import pytest
from django.db.models import Sum

from bench import stewardship
from bench.seed import Scale, seed
from practica.communities.models import Community, Membership
from practica.stewardship.models import Expense, Fund, TimeEntry


@pytest.fixture
def seeded(db):
    seed(Scale(members=40, communities=2, topics=10, posts=40), seed=3, progress=False)
    return stewardship.seed_stewardship_community(
        time_entries=2_000, expenses=600, funds=8, seed=3, progress=False
    )


def test_the_community_holds_the_rows_asked_for(seeded):
    community = Community.objects.get(pk=seeded)
    assert community.slug == stewardship.SLUG
    assert TimeEntry.objects.filter(community=community).count() == 2_000
    assert Expense.objects.filter(community=community).count() == 600
    assert Fund.objects.filter(community=community).count() == 8
    members = Membership.objects.filter(community=community, status="active").count()
    assert community.member_count == members
    people = TimeEntry.objects.filter(community=community).values("person").distinct().count()
    assert people > 5


def test_no_fund_is_overdrawn_and_restrictions_hold(seeded):
    for fund in Fund.objects.filter(community_id=seeded):
        approved = Expense.objects.filter(fund=fund, status="approved")
        spent = approved.aggregate(s=Sum("amount_community"))["s"] or 0
        assert spent <= fund.amount_community
        if fund.restricted_to:
            assert not approved.exclude(category__in=fund.restricted_to).exists()
        if fund.ends_on:
            assert not Expense.objects.filter(fund=fund, spent_on__gt=fund.ends_on).exists()


def test_the_measured_pages_answer(seeded, client):
    targets = stewardship.stewardship_targets({})
    assert [t.name for t in targets] == ["ledger page", "runway API", "labour page"]
    assert all(t.p50_factor == 5 for t in targets)
    for target in targets[:2]:
        assert client.get(target.path).status_code == 200, target.path
