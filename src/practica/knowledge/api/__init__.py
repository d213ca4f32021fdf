"""The knowledge API, one router per area, mounted by ``practica.api``."""
