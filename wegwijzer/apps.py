from django.apps import AppConfig


class WegwijzerConfig(AppConfig):
    name = "wegwijzer"
    verbose_name = "Wegwijzer"
