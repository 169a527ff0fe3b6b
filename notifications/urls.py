from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("sms/callback", views.sms_callback, name="sms-callback"),
    path("preferences/", views.preferences, name="preferences"),
    path("", views.notice_list, name="notices"),
    path("<int:pk>/read/", views.notice_read, name="notice-read"),
    path("read-all/", views.notice_read_all, name="notice-read-all"),
]
