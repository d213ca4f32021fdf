"""Practica: a self-hosted platform for communities of practice."""

__version__ = "0.1.0"
