"""Every read of stewardship that a permission bounds, one module per area: ``time_entries``,
``money`` and ``appreciation``."""
