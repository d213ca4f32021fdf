"""Stewardship API routers, one module per area, mounted by ``practica/api.py``."""
