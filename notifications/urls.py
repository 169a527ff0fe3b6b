from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("sms/callback", views.sms_callback, name="sms-callback"),
    path("preferences/", views.preferences, name="preferences"),
]
