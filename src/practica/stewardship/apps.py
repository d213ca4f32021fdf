from django.apps import AppConfig


class StewardshipConfig(AppConfig):
    name = "practica.stewardship"
    label = "stewardship"
    verbose_name = "Stewardship"

    def ready(self) -> None:
        # The appreciation notes a person chose to show, on their profile page (communities'
        # PROFILE_SECTIONS; communities cannot import stewardship, so it plugs itself in).
        from .views import appreciation  # noqa: F401
