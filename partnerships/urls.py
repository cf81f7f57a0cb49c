from django.urls import path

from .views import lists, plan_pages, reports, workflow

app_name = "partnerships"

urlpatterns = [
    path("", lists.plan_list, name="plan-list"),
    path("new/", lists.plan_create, name="plan-create"),
    path("export.csv", reports.plan_export, name="plan-export"),
    path("coverage/", reports.plan_coverage, name="plan-coverage"),
    path("districts-without-plan/", lists.districts_without_plan, name="districts-without-plan"),
    path("<int:pk>/", plan_pages.plan_detail, name="plan-detail"),
    path("<int:pk>/edit/", plan_pages.plan_edit, name="plan-edit"),
    path("<int:pk>/goals/new/", plan_pages.goal_create, name="goal-create"),
    path("<int:pk>/goals/from-priority/<int:priority>/", plan_pages.goal_from_priority, name="goal-from-priority"),
    path("<int:pk>/activities/new/", plan_pages.activity_create, name="activity-create"),
    path("<int:pk>/submit/", workflow.plan_submit, name="plan-submit"),
    path("<int:pk>/review/", workflow.plan_review, name="plan-review"),
    path("<int:pk>/reopen/", workflow.plan_reopen, name="plan-reopen"),
    path("<int:pk>/comments/", workflow.plan_comment, name="plan-comment"),
    path("<int:pk>/reflection/", workflow.plan_reflection, name="plan-reflection"),
    path("<int:pk>/mark-evaluated/", workflow.plan_mark_evaluated, name="plan-mark-evaluated"),
    path("<int:pk>/carry-forward/", workflow.plan_carry_forward, name="plan-carry-forward"),
    path("<int:pk>/history/", reports.plan_history, name="plan-history"),
    path("<int:pk>/print/", reports.plan_print, name="plan-print"),
    path("<int:pk>/plan.pdf", reports.plan_pdf, name="plan-pdf"),
    path("goals/<int:pk>/edit/", plan_pages.goal_edit, name="goal-edit"),
    path("goals/<int:pk>/delete/", plan_pages.goal_delete, name="goal-delete"),
    path("goals/<int:pk>/move/", plan_pages.goal_move, name="goal-move"),
    path("activities/<int:pk>/edit/", plan_pages.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", plan_pages.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/move/", plan_pages.activity_move, name="activity-move"),
    path("activities/<int:pk>/evaluate/", workflow.activity_evaluate, name="activity-evaluate"),
    path(
        "activities/<int:pk>/versions/<int:history_id>/restore/",
        reports.activity_restore,
        name="activity-restore",
    ),
]
