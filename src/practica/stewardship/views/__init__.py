"""Stewardship pages, one module per area; ``stewardship/urls.py`` joins their urlpatterns."""
