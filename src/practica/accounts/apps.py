from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "practica.accounts"
    label = "accounts"
    verbose_name = "Accounts"
