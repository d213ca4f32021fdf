"""A community names the sector or sectors it draws from, at creation or later."""

import pytest

from practica.communities.models import AuditEntry
from practica.communities.services import community_create, community_update
from practica.core.errors import InvalidInput, NotAllowed


def test_a_community_is_created_with_its_sector(steward):
    community = community_create(
        steward, name="Ward rounds", purpose="Better rounds.", sector="  Public health  "
    )
    community.refresh_from_db()
    assert community.sector == "Public health"


def test_the_sector_is_optional(steward):
    assert community_create(steward, name="Plain", purpose="Anything.").sector == ""


def test_stewards_change_the_sector_and_it_is_audited(community, steward):
    community_update(steward, community, sector="Housing, social care")
    community.refresh_from_db()
    assert community.sector == "Housing, social care"
    assert AuditEntry.objects.filter(community=community, summary__contains="sector").exists()


@pytest.mark.parametrize("sector", ["x" * 61, 42])
def test_a_sector_that_is_too_long_or_not_text_is_refused(steward, community, sector):
    with pytest.raises(InvalidInput) as error:
        community_update(steward, community, sector=sector)
    assert error.value.field == "sector"
    with pytest.raises(InvalidInput):
        community_create(steward, name="Too long", purpose="x", sector=sector)


def test_members_cannot_change_the_sector(community, member):
    with pytest.raises(NotAllowed):
        community_update(member, community, sector="Health")
