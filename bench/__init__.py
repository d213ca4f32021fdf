"""Seeding at scale and the latency harness behind ``python -m bench`` (see docs/benchmarks.md)."""
