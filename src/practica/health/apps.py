from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "practica.health"
    label = "health"
    verbose_name = "Health"

    def ready(self) -> None:
        # Finished windows are cached as immutable; an act dated in the past (an imported
        # archive) or a claim of imported messages rewrites history and retires them.
        from . import signals  # noqa: F401
        from .views import register

        # The decline alert on the community home (communities' HOME_SECTIONS).
        register()
        # What appreciation notes may point at: posts, topics, articles (stewardship).
        from .summary import register_appreciation_targets

        register_appreciation_targets()
        from .retrospective import register as register_retrospective  # reflection's page

        register_retrospective()
