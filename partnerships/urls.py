from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("export.csv", views.plan_export, name="plan-export"),
    path("coverage/", views.plan_coverage, name="plan-coverage"),
    path("new/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/goals/new/", views.goal_create, name="goal-create"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity-create"),
    path("<int:pk>/submit/", views.plan_submit, name="plan-submit"),
    path("<int:pk>/review/", views.plan_review, name="plan-review"),
    path("<int:pk>/reopen/", views.plan_reopen, name="plan-reopen"),
    path("<int:pk>/comments/", views.plan_comment, name="plan-comment"),
    path("<int:pk>/reflection/", views.plan_reflection, name="plan-reflection"),
    path("<int:pk>/mark-evaluated/", views.plan_mark_evaluated, name="plan-mark-evaluated"),
    path("<int:pk>/carry-forward/", views.plan_carry_forward, name="plan-carry-forward"),
    path("<int:pk>/history/", views.plan_history, name="plan-history"),
    path("<int:pk>/print/", views.plan_print, name="plan-print"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan-pdf"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal-delete"),
    path("goals/<int:pk>/move/", views.goal_move, name="goal-move"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/move/", views.activity_move, name="activity-move"),
    path("activities/<int:pk>/evaluate/", views.activity_evaluate, name="activity-evaluate"),
    path(
        "activities/<int:pk>/versions/<int:history_id>/restore/",
        views.activity_restore,
        name="activity-restore",
    ),
]
