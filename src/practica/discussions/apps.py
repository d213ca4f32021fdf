from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "practica.discussions"
    label = "discussions"
    verbose_name = "Discussions"
