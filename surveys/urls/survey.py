"""URLs of the survey pages: the parent's web survey (by the private link's code, or a paper code typed),
and the coordinators' buttons that send invitations and reminders."""

from django.urls import path

from surveys.views import survey

urlpatterns = [
    path("answer/", survey.survey_code, name="survey-code"),
    path("answer/thanks/", survey.survey_thanks, name="survey-thanks"),
    path("s/<str:code>/", survey.survey, name="survey"),
    path("s/<str:code>/<int:number>/", survey.survey_page, name="survey-page"),
    path("s/<str:code>/review/", survey.survey_review, name="survey-review"),
    path("cycles/<slug:slug>/invitations/send/", survey.invitations_send, name="survey-invitations-send"),
    path("cycles/<slug:slug>/reminders/send/", survey.reminders_send, name="survey-reminders-send"),
]
