"""Every write of stewardship, one module per area: ``time_entries`` (time given), ``money``
(funds, expenses, budget, settings) and ``appreciation`` (notes)."""
