from django.urls import path

from . import calendar_feed, views

app_name = "notifications"
urlpatterns = [
    path("sms/callback", views.sms_callback, name="sms-callback"),
    path("preferences/", views.preferences, name="preferences"),
    path("", views.notice_list, name="notices"),
    path("export.xlsx", views.notice_export, name="notice-export"),
    path("<int:pk>/read/", views.notice_read, name="notice-read"),
    path("read-all/", views.notice_read_all, name="notice-read-all"),
    path("calendar/", calendar_feed.feed_settings, name="calendar"),
    path("calendar/<str:token>.ics", calendar_feed.feed, name="calendar-feed"),
]
