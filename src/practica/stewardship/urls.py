from .views import appreciation, money, time_entries

app_name = "stewardship"

urlpatterns = time_entries.urlpatterns + money.urlpatterns + appreciation.urlpatterns
