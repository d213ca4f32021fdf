from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "practica.communities"
    label = "communities"
    verbose_name = "Communities"
