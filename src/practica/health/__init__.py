"""Community health: indicators, participation levels, lifecycle stage and momentum.

``metrics`` and ``lifecycle`` are pure (standard library only) so that they can be tested
with hypothesis and timed on their own; gathering their inputs from the activity stream with
aggregate SQL happens in the layers above them.
"""
