from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "practica.reflection"
    label = "reflection"
    verbose_name = "Reflection"
