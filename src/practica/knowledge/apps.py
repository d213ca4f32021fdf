from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "practica.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"

    def ready(self):
        # Registers the knowledge section of the community home page (communities cannot
        # import knowledge, so knowledge plugs itself in), whether or not URLs are loaded yet.
        from .views import articles  # noqa: F401
