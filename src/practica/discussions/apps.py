from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "practica.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        # Registers the topics sections of the community home page and of profile pages
        # (communities cannot import discussions, so discussions plugs itself in), whether or
        # not URLs are loaded yet.
        from . import first_response, views  # noqa: F401
