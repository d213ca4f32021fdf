"""The ``practica`` template library and the shared components built on it."""

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory

from practica.core.templatetags.practica import avatar_hue, initials, kind_label


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "AL"),
        ("ada  lovelace", "AL"),
        ("Plato", "P"),
        ("Mary Ann Evans", "ME"),
        ("  ", "?"),
        ("", "?"),
        (None, "?"),
        ("émile zola", "ÉZ"),
        ("— Dash", "D"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_avatar_hue_is_stable_in_range_and_varies():
    names = [f"Person {n}" for n in range(50)]
    hues = [avatar_hue(n) for n in names]
    assert all(0 <= h < 360 for h in hues)
    assert hues == [avatar_hue(n) for n in names]
    assert avatar_hue("Ada Lovelace") == avatar_hue("  ada lovelace ")
    assert len(set(hues)) > 20


def test_kind_label_knows_topic_kinds_and_reads_unknown_ones():
    assert kind_label("question") == "Question"
    assert kind_label("practice") == "Practice"
    assert kind_label("answer_accepted") == "Answer accepted"
    assert kind_label("brand_new_kind") == "Brand new kind"
    assert kind_label(None) == ""


def render(source: str, **context) -> str:
    request = RequestFactory().get("/somewhere/", {"q": "health", "page": "2"})
    return Template(source).render(RequestContext(request, context))


def test_avatar_component_shows_initials_and_hue():
    html = render('{% include "core/components/avatar.html" with name=name %}', name="Ada Lovelace")
    assert ">AL<" in html
    assert f"--avatar-hue: {avatar_hue('Ada Lovelace')}" in html
    assert 'aria-hidden="true"' in html


def test_tags_component_links_and_escapes():
    html = render(
        '{% include "core/components/tags.html" with tags=tags base_url="/c/x/topics/" %}',
        tags=["open-science", "a&b"],
    )
    assert 'href="/c/x/topics/?tag=open-science"' in html
    assert 'href="/c/x/topics/?tag=a%26b"' in html
    assert "#a&amp;b" in html
    assert html.count('class="tag"') == 2


def test_tags_component_accepts_tag_objects_and_renders_nothing_for_none():
    class FakeTag:
        def __init__(self, name):
            self.name = name

    html = render('{% include "core/components/tags.html" with tags=tags %}', tags=[FakeTag("x")])
    assert '<span class="tag">#x</span>' in html
    assert "tag" not in render('{% include "core/components/tags.html" with tags=tags %}', tags=[])


def test_empty_component_with_action():
    html = render(
        '{% include "core/components/empty.html" with title="No topics yet" text="Be first" '
        'action_url="/new/" action_label="Start a topic" %}'
    )
    assert "No topics yet" in html and "Be first" in html
    assert 'href="/new/"' in html and "Start a topic" in html


def test_field_component_wires_label_help_and_errors():
    from django import forms

    class F(forms.Form):
        title = forms.CharField(label="Title", help_text="Short and clear")
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        agree = forms.BooleanField(label="I agree")

    form = F(data={"title": ""})
    form.is_valid()
    html = render(
        '{% include "core/components/field.html" with field=form.title %}'
        '{% include "core/components/field.html" with field=form.kind %}'
        '{% include "core/components/field.html" with field=form.agree %}',
        form=form,
    )
    assert '<label for="id_title">Title' in html
    assert 'id="id_title_helptext"' in html and 'id="id_title_error"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "<legend>" in html and "<fieldset" in html  # radios are grouped
    assert '<label for="id_agree">I agree</label>' in html


def test_form_errors_component_shows_non_field_errors():
    from django import forms

    form = forms.Form(data={})
    form.is_valid()
    form.add_error(None, "Those do not match.")
    html = render('{% include "core/components/form_errors.html" with form=form %}', form=form)
    assert 'role="alert"' in html and "Those do not match." in html
    clean = forms.Form(data={})
    clean.is_valid()
    assert "alert" not in render(
        '{% include "core/components/form_errors.html" with form=form %}', form=clean
    )
