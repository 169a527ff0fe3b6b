from django.urls import path

from . import api, api_meetings

app_name = "councils"
urlpatterns = [
    path("", api.CouncilList.as_view(), name="council-list"),
    path("<int:pk>/", api.CouncilDetail.as_view(), name="council-detail"),
    path("experts/", api_meetings.ExpertList.as_view(), name="expert-list"),
    path("<int:pk>/meeting/", api_meetings.Meeting.as_view(), name="meeting"),
    path("<int:pk>/meeting/attendance/", api_meetings.Attendance.as_view(), name="attendance"),
    path("<int:pk>/meeting/papers-sent/", api_meetings.PapersSent.as_view(), name="papers-sent"),
    path("<int:pk>/site-team/", api_meetings.SiteTeam.as_view(), name="site-team"),
    path("<int:pk>/site-team/report/", api_meetings.SiteReport.as_view(), name="site-report"),
    path("<int:pk>/conflict/", api.DeclareConflict.as_view(), name="declare-conflict"),
    path("<int:pk>/dossier/", api.Dossier.as_view(), name="dossier"),
    path("<int:pk>/ballots/", api.BallotList.as_view(), name="ballot-list"),
    path("<int:pk>/ballots/mine/", api.MyBallot.as_view(), name="my-ballot"),
    path("<int:pk>/ballots/mine/submit/", api.MyBallot.as_view(submit=True),
         name="submit-ballot"),
    path("<int:pk>/members/<int:member_pk>/presence/", api.Presence.as_view(), name="presence"),
    path("<int:pk>/members/<int:member_pk>/replace/", api.Replace.as_view(), name="replace"),
    path("<int:pk>/close/", api.CloseRound.as_view(), name="close-round"),
    path("<int:pk>/decide/", api.Decide.as_view(), name="decide"),
    path("<int:pk>/minutes.<str:fmt>", api.Minutes.as_view(), name="minutes"),
]
