"""One way to paginate every list, so page size and bounds are the same everywhere."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass
class Page:
    items: list[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def parse_page(value: Any) -> int:
    """Anything a person can put in ?page= becomes a page number ≥ 1, never an error."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return 1
    return min(max(number, 1), 100_000)


def paginate(queryset, page: Any = 1, size: int | None = None) -> Page:
    size = size or settings.PAGE_SIZE
    number = parse_page(page)
    total = queryset.count()
    pages = max(1, -(-total // size))
    number = min(number, pages)
    start = (number - 1) * size
    return Page(items=list(queryset[start : start + size]), number=number, size=size, total=total)
