"""One way to paginate: page numbers from people never fail, and the pager keeps filters."""

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from practica.core.models import Tag
from practica.core.pagination import Page, paginate, parse_page


@given(st.one_of(st.none(), st.text(), st.integers(), st.from_regex(r"\A-?[0-9]{1,30}\Z")))
def test_parse_page_never_fails_and_is_at_least_one(value):
    number = parse_page(value)
    assert isinstance(number, int) and 1 <= number <= 100_000


@given(total=st.integers(0, 10_000), size=st.integers(1, 100), number=st.integers(1, 500))
def test_page_arithmetic(total, size, number):
    page = Page(items=[], number=min(number, max(1, -(-total // size))), size=size, total=total)
    assert page.pages >= 1
    assert total <= page.pages * size
    assert total == 0 or (page.pages - 1) * size < total
    assert page.has_next == (page.number < page.pages)
    assert page.has_previous == (page.number > 1)


@pytest.mark.django_db
def test_paginate_clamps_to_the_last_page_and_slices():
    Tag.objects.bulk_create([Tag(name=f"t{n:02d}") for n in range(25)])
    rows = Tag.objects.order_by("name")
    first = paginate(rows, 1, size=10)
    assert [t.name for t in first.items] == [f"t{n:02d}" for n in range(10)]
    assert (first.pages, first.total, first.has_next, first.has_previous) == (3, 25, True, False)
    last = paginate(rows, "999", size=10)
    assert last.number == 3 and len(last.items) == 5 and not last.has_next
    assert paginate(rows, "nonsense", size=10).number == 1
    assert paginate(Tag.objects.none(), 4).pages == 1


def _pager(page, query):
    request = RequestFactory().get("/c/x/topics/", query)
    return Template('{% include "core/components/pagination.html" with page=page %}').render(
        RequestContext(request, {"page": page})
    )


def test_pager_keeps_other_parameters():
    html = _pager(Page(items=[], number=2, size=10, total=35), {"kind": "question", "page": "2"})
    assert 'href="?kind=question&amp;page=1"' in html
    assert 'href="?kind=question&amp;page=3"' in html
    assert "Page 2 of 4" in html


def test_pager_disables_ends_and_hides_for_one_page():
    html = _pager(Page(items=[], number=1, size=10, total=15), {})
    assert 'rel="prev"' not in html and 'rel="next"' in html
    assert _pager(Page(items=[], number=1, size=10, total=3), {}).strip() == ""
