from django.utils.translation import gettext_lazy as _

from pep.plugins import ProgramApp


class SurveysConfig(ProgramApp):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # The background jobs register their work on import; a worker process must find them all.
        from surveys.services import imports, packets  # noqa: F401

    def district_panels(self, request, district):
        from surveys.panels import district_panels

        return district_panels(request, district)
