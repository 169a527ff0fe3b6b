from django.urls import path

from . import calendar_feed, views

app_name = "notifications"
urlpatterns = [
    path("sms/callback", views.sms_callback, name="sms-callback"),
    path("preferences/", views.preferences, name="preferences"),
    path("calendar/", calendar_feed.feed_settings, name="calendar"),
    path("calendar/<str:token>.ics", calendar_feed.feed, name="calendar-feed"),
]
