"""The archive export: what the JSON holds, what it leaves out, the static site beside it, the
stewards' button and the operator's command."""

import io
import json
import re
import zipfile

import pytest
from django.conf import settings
from django.utils import timezone

from practica.cli import main as cli_main
from practica.communities.models import Activity, CharterProposal, Membership
from practica.communities.services import (
    charter_propose,
    charter_respond,
    community_join,
    goal_create,
    goal_update,
)
from practica.core.errors import NotAllowed, NotFound
from practica.discussions.services import post_create, post_hide, topic_create, topic_hide
from practica.knowledge.archive import archive_export, archive_export_system
from practica.knowledge.services import article_edit

pytestmark = pytest.mark.django_db


def _read(data) -> tuple[dict, zipfile.ZipFile]:
    zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    return json.loads(zf.read("archive.json")), zf


def _export(community, actor=None):
    buffer = io.BytesIO()
    if actor is None:
        archive_export_system(community, buffer)
    else:
        archive_export(actor, community, buffer)
    return _read(buffer.getvalue())


@pytest.fixture
def rich(community, steward, member, make_user, make_article):
    """A community with a bit of everything: charter proposals, a revised goal, a topic with
    a visible and a hidden reply, a hidden topic, and an article edited twice."""
    other = make_user("Ola Other")
    community_join(other, community, acknowledge_charter=True)
    proposal = charter_propose(member, community, body="Be kind. Share sources. Cite.")
    charter_respond(steward, proposal.pk, position="consent")
    charter_respond(other, proposal.pk, position="objection", reason="Too long")
    goal = goal_create(member, community, title="Map local clinics")
    goal_update(member, goal.pk, status="achieved", note="Done in May")
    topic = topic_create(
        member,
        community,
        kind="question",
        title="How do you run intake?",
        body="Asking.",
        tags="intake, clinics",
    )
    shown = post_create(steward, topic.pk, body="We use a short form. See [notes](/t/1/).")
    hidden = post_create(other, topic.pk, body="Spam spam lovely spam")
    post_hide(steward, hidden.pk, reason="Off topic")
    secret = topic_create(other, community, kind="idea", title="Buy my pills", body="spam")
    topic_hide(steward, secret.pk, reason="Spam")
    article = make_article(title="Intake in ten minutes", status="published", tags="intake")
    article_edit(steward, article.pk, body="Knock twice.\nSmile.", summary="Friendlier")
    article_edit(member, article.pk, title="Intake in five minutes", summary="Shorter")
    return {
        "other": other,
        "proposal": proposal,
        "goal": goal,
        "topic": topic,
        "shown": shown,
        "hidden": hidden,
        "secret": secret,
        "article": article,
    }


def test_json_holds_the_whole_community(rich, community):
    data, zf = _export(community)
    assert data["format"] == "practica-archive" and data["version"] == 1
    assert data["community"]["slug"] == community.slug
    assert data["community"]["purpose"] == community.purpose
    assert data["community"]["current_charter_version"] == 1

    charter = {p["id"]: p for p in data["charter"]}
    assert len(charter) == CharterProposal.objects.filter(community=community).count() == 2
    proposal = charter[rich["proposal"].pk]
    assert proposal["status"] == "open" and proposal["version"] is None
    assert proposal["responses"] == {"consent": 1, "concern": 0, "objection": 1}
    assert "Too long" not in json.dumps(data)  # counts, never who objected or why

    (goal,) = data["goals"]
    assert goal["status"] == "achieved"
    assert [h["status"] for h in goal["history"]] == ["active", "achieved"]
    assert goal["history"][1]["note"] == "Done in May"

    (article,) = data["articles"]
    assert article["title"] == "Intake in five minutes"
    assert [r["number"] for r in article["revisions"]] == [1, 2, 3]
    assert [r["summary"] for r in article["revisions"]][1:] == ["Friendlier", "Shorter"]
    assert article["revisions"][0]["title"] == "Intake in ten minutes"
    assert {c["name"] for c in article["credits"]} == {"Mo Member", "Stella Steward"}
    assert data["counts"]["revisions"] == 3 and data["counts"]["articles"] == 1


def test_hidden_posts_and_topics_are_left_out(rich, community):
    data, zf = _export(community)
    (topic,) = data["topics"]
    assert topic["id"] == rich["topic"].pk
    assert topic["tags"] == ["clinics", "intake"]
    assert [p["id"] for p in topic["posts"]] == [rich["shown"].pk]
    everything = json.dumps(data) + "".join(
        zf.read(name).decode() for name in zf.namelist() if name.endswith(".html")
    )
    assert "Spam spam lovely spam" not in everything
    assert "Buy my pills" not in everything
    assert f"topics/{rich['secret'].pk}.html" not in zf.namelist()
    assert data["counts"]["posts"] == 1


def test_members_show_only_what_they_show_everyone(community, make_user):
    open_person = make_user(
        "Pia Public",
        bio="I run clinics.",
        organisation="Health Trust",
        discipline="Nursing",
        organisation_audience="everyone",
    )
    careful = make_user(
        "Cal Careful",
        bio="Private bio",
        bio_audience="communities",
        organisation="Secret Org",
        organisation_audience="communities",
        discipline="Hidden discipline",
        discipline_audience="only_me",
    )
    for person in (open_person, careful):
        community_join(person, community, acknowledge_charter=True)
    data, zf = _export(community)
    members = {m["display_name"]: m for m in data["members"]}
    assert set(members) == {"Stella Steward", "Mo Member", "Pia Public", "Cal Careful"}
    assert members["Pia Public"]["profile"]["organisation"] == "Health Trust"
    assert members["Pia Public"]["profile"]["bio"] == "I run clinics."
    assert members["Stella Steward"]["role"] == "steward"
    cal = members["Cal Careful"]["profile"]
    assert "bio" not in cal and "organisation" not in cal and "discipline" not in cal
    everything = json.dumps(data) + zf.read("members.html").decode()
    for secret in ("Private bio", "Secret Org", "Hidden discipline"):
        assert secret not in everything
    # The default audiences keep location and needs within communities: not in the archive.
    assert all("location" not in m["profile"] for m in data["members"])
    assert "Pia Public" in zf.read("members.html").decode()


def test_people_who_left_are_not_in_the_member_list(community, make_user):
    from practica.communities.services import community_leave

    gone = make_user("Gil Gone")
    community_join(gone, community, acknowledge_charter=True)
    community_leave(gone, community)
    data, _zf = _export(community)
    assert "Gil Gone" not in {m["display_name"] for m in data["members"]}


def test_a_private_community_is_exported_for_its_steward_only(
    private_community, steward, member, outsider
):
    topic_create(member, private_community, kind="idea", title="Hidden practice", body="Ssh")
    data, zf = _export(private_community, actor=steward)
    assert data["community"]["visibility"] == "private"
    assert [t["title"] for t in data["topics"]] == ["Hidden practice"]
    with pytest.raises(NotFound):
        archive_export(outsider, private_community, io.BytesIO())
    with pytest.raises(NotAllowed):
        archive_export(member, private_community, io.BytesIO())
    exported = Activity.objects.filter(community=private_community, verb="exported")
    assert list(exported.values_list("actor", flat=True)) == [steward.pk]


def test_the_site_links_only_to_files_in_the_zip(rich, community):
    _data, zf = _export(community)
    names = set(zf.namelist())
    for required in (
        "index.html",
        "style.css",
        "archive.json",
        "topics/index.html",
        f"topics/{rich['topic'].pk}.html",
        "articles/index.html",
        f"articles/{rich['article'].pk}.html",
        "tags/index.html",
        "tags/intake.html",
        "dates/index.html",
        "members.html",
        "charter.html",
        "goals.html",
    ):
        assert required in names, required
    checked = 0
    for name in names:
        if not name.endswith(".html"):
            continue
        html = zf.read(name).decode()
        assert "<script" not in html
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        for href in re.findall(r'(?:href|src)="([^"]*)"', html):
            if href.startswith(("http://", "https://", "mailto:", "#")):
                continue
            target = _resolve(folder, href.split("#")[0])
            assert target in names, f"{name} links to {href}, missing from the archive"
            checked += 1
    assert checked > 50
    topic_page = zf.read(f"topics/{rich['topic'].pk}.html").decode()
    assert "We use a short form." in topic_page
    # A link into the live site points back at the site, not at a missing file.
    assert f'href="{settings.BASE_URL}/t/1/"' in topic_page
    article_page = zf.read(f"articles/{rich['article'].pk}.html").decode()
    for summary in ("Friendlier", "Shorter", "Intake in ten minutes"):
        assert summary in article_page
    month = timezone.localtime(rich["topic"].created_at).strftime("%Y-%m")
    assert "How do you run intake?" in zf.read(f"dates/{month}.html").decode()
    assert "Intake in five minutes" in zf.read("tags/intake.html").decode()


def _resolve(folder: str, href: str) -> str:
    parts = (folder + href).split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            assert out, f"{href} climbs out of the archive"
            out.pop()
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out)


def test_an_empty_community_still_makes_a_whole_site(make_community, steward):
    empty = make_community(steward, name="Quiet Corner")
    data, zf = _export(empty)
    assert data["topics"] == [] and data["articles"] == [] and data["charter"] == []
    assert len(data["members"]) == 1
    for name in ("index.html", "topics/index.html", "tags/index.html", "dates/index.html"):
        assert name in zf.namelist()


def test_export_records_one_activity(community):
    before = Activity.objects.filter(community=community, verb="exported").count()
    _export(community)
    assert Activity.objects.filter(community=community, verb="exported").count() == before + 1


# --- the command line ---------------------------------------------------------------------------


def test_cli_exports_any_community(private_community, tmp_path, capsys):
    out = tmp_path / "secret.zip"
    assert cli_main(["export", private_community.slug, str(out)]) == 0
    data, _zf = _read(out.open("rb"))
    assert data["community"]["name"] == "Secret Circle"
    assert "Wrote" in capsys.readouterr().out
    assert Activity.objects.filter(
        community=private_community, verb="exported", actor__isnull=True
    ).exists()


def test_cli_refuses_an_unknown_community(db, tmp_path, capsys):
    out = tmp_path / "none.zip"
    assert cli_main(["export", "no-such-place", str(out)]) == 2
    assert "no community" in capsys.readouterr().err
    assert not out.exists()


def test_cli_refuses_an_unwritable_path(community, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "a.zip"
    assert cli_main(["export", community.slug, str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and str(out) in err
    assert not Activity.objects.filter(community=community, verb="exported").exists()


# --- the page -----------------------------------------------------------------------------------


def test_the_steward_downloads_the_zip(community, steward, client_for):
    client = client_for(steward)
    page = client.get(f"/c/{community.slug}/archive/")
    assert page.status_code == 200
    assert "Download the archive" in page.content.decode()
    response = client.post(f"/c/{community.slug}/archive/", {"action": "download"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"{community.slug}-archive-" in response["Content-Disposition"]
    data, _zf = _read(b"".join(response.streaming_content))
    assert data["community"]["slug"] == community.slug


def test_members_read_the_page_but_cannot_download(community, member, outsider, client_for):
    client = client_for(member)
    page = client.get(f"/c/{community.slug}/archive/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Download the archive" not in body and "Stella Steward" in body
    refused = client.post(f"/c/{community.slug}/archive/", {"action": "download"})
    assert refused.status_code == 403
    assert client_for(outsider).get(f"/c/{community.slug}/archive/").status_code == 403
    anonymous = client_for().get(f"/c/{community.slug}/archive/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Activity.objects.filter(community=community, verb="exported").exists()


def test_outsiders_get_404_for_a_private_archive_page(private_community, outsider, client_for):
    response = client_for(outsider).post(
        f"/c/{private_community.slug}/archive/", {"action": "download"}
    )
    assert response.status_code == 404
    assert "Secret Circle" not in response.content.decode()


def test_an_unknown_action_is_a_clear_error(community, steward, client_for):
    response = client_for(steward).post(f"/c/{community.slug}/archive/", {"action": "explode"})
    assert response.status_code == 400
    assert "Choose what to do" in response.content.decode()
    assert Membership.objects.filter(community=community).count() == 2
