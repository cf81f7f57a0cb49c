from django.utils.translation import gettext_lazy as _

from pep.plugins import ProgramApp


class SurveysConfig(ProgramApp):
    name = "surveys"
    verbose_name = _("Surveys")
