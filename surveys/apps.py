from django.utils.translation import gettext_lazy as _

from pep.plugins import ProgramApp


class SurveysConfig(ProgramApp):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from pep.access import is_coordinator, led_district_ids
        from pep.plugins import MenuEntry

        # The background jobs register their work on import; a worker process must find them all.
        from surveys.services import imports, packets  # noqa: F401

        self.menu = [
            MenuEntry(_("Surveys"), "surveys:cycle-list", 30, shown_to=is_coordinator),
            MenuEntry(
                _("Survey results"),
                "surveys:results-home",
                30,
                shown_to=lambda user: bool(led_district_ids(user)) and not is_coordinator(user),
            ),
        ]

    def district_panels(self, request, district):
        from surveys.panels import district_panels

        return district_panels(request, district)
