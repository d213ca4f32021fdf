from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "practica.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"

    def ready(self):
        # Registers the knowledge section of the community home page (communities cannot
        # import knowledge, so knowledge plugs itself in), whether or not URLs are loaded yet;
        # and the importer's receiver that settles memberships when a claim merges one of its
        # placeholders into an account.
        from . import mbox_import  # noqa: F401
        from .views import articles  # noqa: F401
