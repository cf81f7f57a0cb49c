"""Forms for plans: each re-renders with every error next to its field and nothing lost."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pep.access import memberships_of
from pep.edit_checks import SubmittedOnceForm, VersionedForm
from pep.fields import NOTE
from pep.forms import RowsChoiceField
from pep.models import GRADES, Language, Role, SchoolYear
from pep.months import MONTHS
from pep.widgets import CheckboxGrid, ReaderDateInput, SearchableCheckboxes, field_rows, reader_date, reader_date_hint

from .models import (
    Activity,
    ActivityEvaluation,
    Category,
    Framework,
    Goal,
    Implementation,
    Plan,
    PlanKind,
    Quality,
)
from .rules import activity_date_problems, plannable_years
from .services import ACTIVITY_FIELDS, ACTIVITY_M2M, EVALUATION_FIELDS, GOAL_FIELDS, REFLECTION_FIELDS, Decision


class PlanCreateForm(forms.Form):
    owner = forms.ChoiceField(label=_("Plan"))
    school_year = forms.ModelChoiceField(queryset=SchoolYear.objects.none(), label=_("School year"), empty_label=None)
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(), label=_("Framework for tagging activities"), empty_label=None
    )
    vision = forms.CharField(
        label=_("Vision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=Plan.vision.field.max_length,
    )

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = self.owner_choices(user)
        years = plannable_years(today)
        self.fields["school_year"].queryset = SchoolYear.objects.filter(pk__in=[year.pk for year in years])
        self.fields["framework"].initial = Framework.objects.filter(is_default=True).first()

    @staticmethod
    def owner_choices(user) -> list[tuple[str, str]]:
        """The plans this person may start: their district's, their team's, their parent-leader plan."""
        kind_of_role = {
            Role.DISTRICT_LEADER: PlanKind.DISTRICT,
            Role.SCHOOL_TEAM: PlanKind.SCHOOL,
            Role.PARENT_LEADER: PlanKind.PARENT_LEADER,
        }
        choices = []
        for membership in memberships_of(user):
            kind = kind_of_role.get(membership.role)
            if kind:
                choices.append((f"{kind}:{membership.scope.pk}", f"{kind.label} · {membership.scope}"))
        return choices

    def plan_owner(self) -> tuple[str, int]:
        kind, pk = self.cleaned_data["owner"].split(":")
        return kind, int(pk)


class PlanEditForm(VersionedForm):
    class Meta:
        model = Plan
        fields = ["vision", "framework"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 4})}


class GoalForm(VersionedForm, SubmittedOnceForm):
    class Meta:
        model = Goal
        fields = GOAL_FIELDS
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "desired_result": forms.Textarea(attrs={"rows": 2}),
            "how_measured": forms.Textarea(attrs={"rows": 2}),
        }


class ActivityForm(VersionedForm, SubmittedOnceForm):
    grade_levels = forms.MultipleChoiceField(
        label=_("Grade levels"),
        choices=[(grade, grade) for grade in GRADES],
        widget=CheckboxGrid(columns=7, narrow=True),
        required=False,
    )
    months = forms.TypedMultipleChoiceField(
        label=_("Months"),
        choices=MONTHS,
        coerce=int,
        widget=CheckboxGrid(columns=4),
        required=False,
        help_text=_("Give dates, months, or both."),
    )

    field_order = ["goal", "title", "description", "categories"]
    # Side by side on a desktop where the fields read together; one column on a phone.
    LAYOUT = [
        [("goal", "col-lg-5"), ("title", "col-lg-7")],
        [("description", "col-12")],
        [("categories", "col-lg-6"), ("grade_levels", "col-lg-6")],
        [("starts_on", "col-sm-6 col-lg-3"), ("ends_on", "col-sm-6 col-lg-3"), ("months", "col-lg-6")],
        [("preparation", "col-lg-6"), ("how_judged", "col-lg-6")],
        [
            ("person_in_charge", "col-sm-6 col-lg-3"),
            ("helpers", "col-sm-6 col-lg-3"),
            ("estimated_cost", "col-sm-6 col-lg-3"),
            ("funding_source", "col-sm-6 col-lg-3"),
        ],
        [("languages", "col-lg-8"), ("interpretation", "col-lg-4")],
    ]

    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS + ACTIVITY_M2M
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "preparation": forms.Textarea(attrs={"rows": 2}),
            "how_judged": forms.Textarea(attrs={"rows": 2}),
            "categories": CheckboxGrid(columns=2),
            "languages": SearchableCheckboxes(
                columns=3, common_label=_("Spoken at home in this district"), other_label=_("Other languages")
            ),
            "starts_on": ReaderDateInput,
            "ends_on": ReaderDateInput,
        }
        field_classes = {"categories": RowsChoiceField, "languages": RowsChoiceField}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["goal"].queryset = plan.goals.order_by("order", "pk")
        self.fields["categories"].queryset = Category.objects.filter(framework=plan.framework)
        # Coordinators write framework names in the admin: shown as text, never as HTML.
        self.fields["categories"].help_text = format_html("{}: {}", plan.framework.name, plan.framework.description)
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["languages"].required = False
        # The languages families of the plan's district speak at home come first (one query).
        common = Language.objects.filter(schools__district_id=plan.district_id).values_list("pk", flat=True)
        self.fields["languages"].widget.common = set(common)
        self.fields["estimated_cost"].widget.attrs["min"] = "0"
        year = plan.school_year
        hint = _("As %(format)s, from %(start)s to %(end)s.") % {
            "format": reader_date_hint(),
            "start": reader_date(year.starts_on),
            "end": reader_date(year.ends_on),
        }
        for name in ("starts_on", "ends_on"):
            self.fields[name].help_text = hint
            self.fields[name].widget.attrs["placeholder"] = reader_date_hint()

    def rows(self):
        return field_rows(self, self.LAYOUT)

    def clean(self):
        data = super().clean()
        problems = activity_date_problems(self.plan.school_year, data.get("starts_on"), data.get("ends_on"))
        for name, problem in problems.items():
            if name not in self.errors:
                self.add_error(name, problem)
        return data


class EvaluationForm(VersionedForm):
    class Meta:
        model = ActivityEvaluation
        fields = EVALUATION_FIELDS
        widgets = {
            "implemented": forms.RadioSelect,
            "quality": forms.RadioSelect,
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_to_change": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implemented"].choices = Implementation.choices  # no blank "---------" radio button
        self.fields["quality"].choices = Quality.choices


class ReflectionForm(VersionedForm):
    class Meta:
        model = Plan
        fields = REFLECTION_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in REFLECTION_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.needs_policy_evaluation:
            for name in REFLECTION_FIELDS[1:]:
                del self.fields[name]
        self._add_goal_results()

    def _add_goal_results(self) -> None:
        """One field per goal, after the reflection: its result at year end, read against its target."""
        self.goals = list(self.instance.goals.order_by("order", "pk"))
        goal_fields = {}
        for number, goal in enumerate(self.goals, start=1):
            field = Goal._meta.get_field("result").formfield(widget=forms.Textarea(attrs={"rows": 2}))
            field.label = _("Result of goal %(number)s: %(goal)s") % {"number": number, "goal": goal.statement}
            field.help_text = _("Baseline: %(baseline)s · target: %(target)s") % {
                "baseline": goal.baseline or "—",
                "target": goal.target or "—",
            }
            field.initial = goal.result
            goal_fields[f"result_{goal.pk}"] = field
        ordered = {}
        for name, field in self.fields.items():
            ordered[name] = field
            if name == "reflection":
                ordered |= goal_fields
        self.fields = ordered

    def goal_results(self) -> dict[int, str]:
        """The result typed for each goal, by the goal's id."""
        return {goal.pk: self.cleaned_data.get(f"result_{goal.pk}", "") for goal in self.goals}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment to the plan's owners"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE,
        help_text=_("Required when returning the plan."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.RETURN and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what should change when returning a plan."))
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen this plan?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE
    )


class CommentForm(SubmittedOnceForm):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE)
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), label=_("About"), required=False, empty_label=_("The whole plan")
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = plan.activities.order_by("goal__order", "order", "pk")


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Note to the coordinators (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NOTE,
    )
