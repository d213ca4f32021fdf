"""The health page: who sees it, browsing history by window and day, clear 400s, the stewards'
stage form, the CSV link, the decline alert on the page and on the community home, the
suggestions' links, the empty state, and a number of queries that does not grow with data."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils.html import escape
from django.utils.timezone import now

from practica.communities.models import AuditEntry
from practica.communities.services import community_conclude, community_join
from practica.core.cache import bump_community
from practica.health import services
from practica.health.models import StageAssessment
from practica.health.queries import local_today
from practica.health.tasks import health_alerts_warm_task
from tests.health import synthetic
from tests.health.synthetic import members_since, reply, topic, utc


def page(community, query: str = "") -> str:
    return f"/c/{community.slug}/health/{query}"


def card_value(html: str, key: str) -> str:
    """The value shown on an indicator card, and the previous window's beside it."""
    found = re.search(
        rf'id="indicator-{key}".*?class="health-value[^"]*">([^<]*)</span>\s*'
        r'<span class="health-previous">[^<]*?:\s*([^<]*)</span>',
        html,
        re.S,
    )
    assert found, f"no card {key}"
    return found.group(1).strip(), found.group(2).strip()


@pytest.fixture
def history(community, steward, member):
    """A question by the member on 2 June 2025, answered by the steward five hours later."""
    members_since(community, utc(2024, 1, 1))
    t = topic(community, member, utc(2025, 6, 2), kind="question")
    reply(t, steward, utc(2025, 6, 2, 5))
    return community


# --- who sees it -------------------------------------------------------------------------------


def test_anyone_reads_a_public_communitys_health(client_for, history):
    response = client_for().get(page(history, "?window=30&as_of=2025-06-30"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Community health" in html
    assert card_value(html, "active_members") == ("2", "0")
    assert 'aria-current="page">Health</a>' in html


def test_a_private_communitys_health_is_for_its_members_only(
    client_for, private_community, member, outsider
):
    for client in (client_for(), client_for(outsider)):
        response = client.get(page(private_community))
        assert response.status_code == 404
        assert private_community.name not in response.content.decode()
        assert (
            client.post(page(private_community) + "stage/", {"stage": "potential"}).status_code
            == 404
        )
    assert client_for(member).get(page(private_community)).status_code == 200


def test_the_health_tab_is_in_the_community_header(client_for, community):
    html = client_for().get(f"/c/{community.slug}/").content.decode()
    tabs = html[html.index("community-tabs") :]
    assert tabs.index(">Goals<") < tabs.index(f'href="/c/{community.slug}/health/">Health<')


# --- browsing history --------------------------------------------------------------------------


def test_window_and_day_change_the_numbers(client_for, member, history):
    client = client_for(member)
    june = client.get(page(history, "?window=30&as_of=2025-06-30"))
    assert june.context["health"]["active_members"] == 2
    html = june.content.decode()
    assert card_value(html, "median_first_response_hours") == ("5 h", "—")
    assert "Showing the 30 days from 1 Jun 2025 to 30 Jun 2025" in html
    # The window before, linked from the page, has nobody yet.
    assert 'href="/c/open-health-practitioners/health/?window=30&amp;as_of=2025-05-31"' in html
    may = client.get(page(history, "?window=30&as_of=2025-05-31")).content.decode()
    assert card_value(may, "active_members") == ("0", "0")
    # 90 days ending in August: the June question is still inside the window.
    august = client.get(page(history, "?window=90&as_of=2025-08-15"))
    assert august.context["health"]["window_days"] == 90
    assert card_value(august.content.decode(), "active_members")[0] == "2"
    # A year later it has gone quiet.
    later = client.get(page(history, "?window=90&as_of=2026-06-30")).content.decode()
    assert card_value(later, "active_members")[0] == "0"
    assert card_value(later, "inactive_contributors")[0] == "2"


def test_today_and_the_default_window(client_for, member, history):
    response = client_for(member).get(page(history))
    assert response.status_code == 200
    assert response.context["window"] == 90
    assert response.context["as_of"] == local_today(history)
    assert f'value="{local_today(history).isoformat()}"' in response.content.decode()


@pytest.mark.parametrize(
    "query, words",
    [
        ("?window=45", "The window must be 30 or 90 days."),
        ("?window=abc", "The window must be 30 or 90 days."),
        ("?as_of=31/12/2024", "Write the day as YYYY-MM-DD"),
        ("?as_of=2024-02-30", "Write the day as YYYY-MM-DD"),
        ("?as_of=1999-12-31", "as_of cannot be before 2000-01-01."),
        ("?as_of=2999-01-01", "as_of cannot be in the future"),
    ],
)
def test_a_bad_window_or_day_is_a_clear_400(client_for, community, query, words):
    response = client_for().get(page(community, query))
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html
    assert "This window cannot be shown" in html
    assert "health-cards" not in html


# --- the stewards' reading of the stage --------------------------------------------------------


def test_a_steward_records_the_stage_and_everyone_sees_it(client_for, community, steward, member):
    client = client_for(steward)
    assert (
        'action="/c/open-health-practitioners/health/stage/"'
        in client.get(page(community)).content.decode()
    )
    response = client.post(
        page(community) + "stage/", {"stage": "coalescing", "note": "We are <gathering>."}
    )
    assert response.status_code == 302
    assert response["Location"] == page(community) + "#stage"
    assert StageAssessment.objects.get().stage == "coalescing"
    html = client_for(member).get(page(community)).content.decode()
    recorded = html[html.index("health-stage-recorded") :]
    assert "Coalescing" in recorded[:600]
    assert "Recorded by Stella Steward" in recorded
    assert "We are &lt;gathering&gt;." in recorded
    assert "Stewards have not recorded a stage yet" not in html


def test_a_stage_form_with_errors_is_shown_again_with_400(client_for, community, steward):
    client = client_for(steward)
    for data, words in [
        ({"stage": "thriving"}, "Choose one of the five stages."),
        ({}, "Choose a stage."),
        ({"stage": "maturing", "note": "x" * 1001}, "at most 1000 characters"),
    ]:
        response = client.post(page(community) + "stage/", data)
        assert response.status_code == 400
        html = response.content.decode()
        assert words in html
        assert '<details class="health-stage-form" open>' in html
    assert not StageAssessment.objects.exists()


def test_members_see_no_form_and_cannot_record(client_for, community, member):
    client = client_for(member)
    html = client.get(page(community)).content.decode()
    assert "Stewards have not recorded a stage yet." in html
    assert "health/stage/" not in html
    response = client.post(page(community) + "stage/", {"stage": "maturing"})
    assert response.status_code == 403
    assert not StageAssessment.objects.exists()
    # Sign in first; a GET only leads back to the page.
    anonymous = client_for().post(page(community) + "stage/", {"stage": "maturing"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client.get(page(community) + "stage/")["Location"] == page(community)


def test_a_concluded_community_hides_the_form_and_refuses(client_for, community, steward):
    community_conclude(steward, community, note="It became a network.")
    client = client_for(steward)
    html = client.get(page(community)).content.decode()
    assert "health/stage/" not in html
    assert "Stewards can record" not in html
    before = AuditEntry.objects.count()
    response = client.post(page(community) + "stage/", {"stage": "transformation"})
    assert response.status_code == 409
    assert not StageAssessment.objects.exists() and AuditEntry.objects.count() == before


# --- CSV ---------------------------------------------------------------------------------------


def test_the_csv_link_downloads_every_indicator(client_for, private_community, member):
    members_since(private_community, utc(2024, 1, 1))
    topic(private_community, member, utc(2025, 6, 2), kind="question")
    client = client_for(member)
    html = client.get(page(private_community, "?window=30&as_of=2025-06-30")).content.decode()
    link = (
        re.search(r'href="([^"]*health\.csv[^"]*)" download', html).group(1).replace("&amp;", "&")
    )
    assert (
        link
        == f"/api/v1/communities/{private_community.slug}/health.csv?window=30&as_of=2025-06-30"
    )
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    header = lines[0].split(",")
    last = dict(zip(header, lines[-1].split(","), strict=True))
    assert last["as_of"] == "2025-06-30" and last["active_members"] == "1"
    assert client_for().get(link).status_code == 404


# --- the decline alert -------------------------------------------------------------------------


@pytest.fixture
def declining(community, make_user):
    return synthetic.declining(community, make_user)


def test_the_decline_alert_is_on_the_health_page(client_for, member, declining):
    html = client_for(member).get(page(declining, "?window=30")).content.decode()
    alert = html[html.index("health-alert") :]
    assert "Losing momentum" in alert[:600] and "(10, 5, 2)" in alert[:600]
    # A check-in has no page yet: it is said, not linked.
    suggestions = services.community_health(member, declining, window_days=30)["suggestions"]
    assert suggestions[0]["feature"] == "reflection_checkin" and suggestions[0]["url"] is None
    for s in suggestions:
        text = escape(s["text"])
        if s["url"] is None:
            assert f"<li>{text}</li>" in html
            assert f">{text}</a>" not in html
        else:
            assert f'<li><a href="{s["url"]}">{text}</a></li>' in html


def test_the_page_body_is_kept_until_the_community_changes(client_for, member, steward, community):
    topic(community, member, now() - timedelta(days=3))
    cache.clear()
    response = client_for(member).get(page(community))
    assert "health" in response.context  # rendered
    first = response.content.decode()
    again = client_for(member).get(page(community))
    assert "health" not in again.context  # served from the cache: nothing computed
    tokens = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')
    assert tokens.sub("", again.content.decode()) == tokens.sub("", first)
    # A steward sees the form: another body. Any write in the community retires both.
    assert "Record the stage" in client_for(steward).get(page(community)).content.decode()
    topic(community, member, now() - timedelta(hours=1))
    bump_community(community.pk)
    assert "health" in client_for(member).get(page(community)).context


def test_the_decline_alert_is_on_the_community_home(client_for, member, declining):
    assert health_alerts_warm_task.call(declining.pk) == 1
    html = client_for(member).get(f"/c/{declining.slug}/").content.decode()
    notice = html[html.index("health-home-alert") :]
    assert "This community is losing momentum" in notice[:300]
    assert "(10, 5, 2)" in notice and "(windows of 30 days)" in notice
    assert f'href="/c/{declining.slug}/health/"' in notice
    # Anonymous visitors of a public community see it too.
    assert "health-home-alert" in client_for().get(f"/c/{declining.slug}/").content.decode()


def test_the_home_never_computes_health_itself(
    client_for, member, declining, django_capture_on_commit_callbacks
):
    client = client_for(member)
    with django_capture_on_commit_callbacks() as callbacks:
        html = client.get(f"/c/{declining.slug}/").content.decode()
        bump_community(declining.pk)  # the next render of the home (a minute later)
        client.get(f"/c/{declining.slug}/")
    assert "health-home-alert" not in html
    # One background computation asked for, not one per render.
    warm = [c for c in callbacks if "_warm_alerts" in c.__qualname__]
    assert len(warm) == 1
    assert services.community_alerts(member, declining) is None
    warm[0]()  # enqueued; the (immediate) worker runs it
    assert [a["code"] for a in services.community_alerts(member, declining)] == ["decline"]
    bump_community(declining.pk)
    assert "health-home-alert" in client.get(f"/c/{declining.slug}/").content.decode()


def test_a_community_without_alert_shows_none_on_its_home(client_for, member, history):
    assert health_alerts_warm_task.call(history.pk) == 0
    html = client_for(member).get(f"/c/{history.slug}/").content.decode()
    assert "health-home-alert" not in html


# --- empty state and bounded queries -----------------------------------------------------------


def test_a_new_community_gets_a_friendly_empty_page(client_for, make_community, steward):
    fresh = make_community(steward, name="Brand New Circle")
    response = client_for(steward).get(page(fresh))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing to measure yet." in html
    assert html.count("No activity yet") >= 5  # every chart shows its empty state
    assert card_value(html, "median_first_response_hours") == ("—", "—")
    assert "No data: no topic opened in this window has had a reply from someone else." in html


def test_the_page_runs_a_bounded_number_of_queries(
    client_for, community, steward, member, make_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    members_since(community, utc(2024, 1, 1))
    client = client_for(member)
    t = topic(community, member, now() - timedelta(days=3), kind="question")
    reply(t, steward, now() - timedelta(days=2))
    cache.clear()
    client.force_login(member)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page(community)).status_code == 200
    # Much more of everything: people, topics, replies, in many weeks.
    people = [make_user(f"Extra {i}", sector="health" if i % 2 else "academia") for i in range(15)]
    for person in people:
        community_join(person, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    for i, person in enumerate(people):
        for k in range(4):
            t = topic(community, person, now() - timedelta(days=5 + 20 * k + i), kind="question")
            reply(t, people[(i + 1) % len(people)], now() - timedelta(days=4 + 20 * k + i))
    cache.clear()
    client.force_login(member)
    with django_assert_max_num_queries(len(few)):
        response = client.get(page(community))
    assert response.status_code == 200
    assert response.context["health"]["active_members"] > 10
    assert len(few) <= 80
    # Read again, everything the page needs is in the cache.
    with django_assert_max_num_queries(8):
        assert client.get(page(community)).status_code == 200
