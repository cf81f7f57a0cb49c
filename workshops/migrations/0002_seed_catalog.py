"""PEP's five workshop programs, described in English and Spanish; more are added as data."""

from django.db import migrations

PROGRAMS = [
    {
        "code": "pt3",
        "order": 10,
        "name_en": "Parent and Teachers Talking Together (PT3)",
        "name_es": "Padres y maestros conversan juntos (PT3)",
        "audience": "school_parents_teachers",
        "usual_format": "conversation",
        "description_en": (
            "A guided conversation in which a school's parents and teachers say what they hope for "
            "their children and what gets in the way. It closes with the priorities both groups share, "
            "which become the starting point of the school's action plan."
        ),
        "description_es": (
            "Una conversación guiada en la que los padres y los maestros de una escuela dicen qué desean "
            "para sus hijos y qué se lo impide. Termina con las prioridades que ambos grupos comparten, "
            "que son el punto de partida del plan de acción de la escuela."
        ),
    },
    {
        "code": "parent-leadership-101",
        "order": 20,
        "name_en": "Parent Leadership 101",
        "name_es": "Liderazgo de padres 101",
        "audience": "parents",
        "usual_format": "two_days",
        "description_en": (
            "Two intensive days for parents who lead or want to lead: how schools and districts work, "
            "how to speak up for all families, and how to draw up a one-year action plan with the school."
        ),
        "description_es": (
            "Dos días intensivos para padres que dirigen o quieren dirigir: cómo funcionan las escuelas y "
            "los distritos, cómo hablar por todas las familias y cómo preparar con la escuela un plan de "
            "acción de un año."
        ),
    },
    {
        "code": "district-leadership-institute",
        "order": 30,
        "name_en": "District Leadership Institute",
        "name_es": "Instituto de liderazgo para distritos",
        "audience": "district_leaders",
        "usual_format": "one_day",
        "description_en": (
            "One day for each district's leader for partnerships: building a district program of family "
            "engagement, guiding school teams, and writing the district's one-year plan."
        ),
        "description_es": (
            "Un día para la persona que dirige las alianzas en cada distrito: cómo construir un programa "
            "de participación familiar en el distrito, cómo guiar a los equipos escolares y cómo escribir "
            "el plan de un año del distrito."
        ),
    },
    {
        "code": "school-action-team",
        "order": 40,
        "name_en": "School-Based Action Team for Partnerships",
        "name_es": "Equipo de acción escolar para las alianzas",
        "audience": "school_teams",
        "usual_format": "full_day",
        "description_en": (
            "A full day for a school's action team: the six types of involvement, ways to reach every "
            "family, and tying each activity to the goals the school has for its students."
        ),
        "description_es": (
            "Un día completo para el equipo de acción de una escuela: los seis tipos de participación, "
            "formas de llegar a todas las familias y cómo unir cada actividad con las metas de la escuela "
            "para sus estudiantes."
        ),
    },
    {
        "code": "parent-college",
        "order": 50,
        "name_en": "Parent College",
        "name_es": "Universidad para padres",
        "audience": "any_parent",
        "usual_format": "series",
        "description_en": (
            "A school-year series on one Saturday a month, September to April, open to any parent. "
            "Sessions cover schoolwork and report cards, getting into college and paying for it, "
            "leadership and speaking up, health, and raising children; one Saturday is a visit to a "
            "college campus."
        ),
        "description_es": (
            "Una serie durante el año escolar, un sábado al mes de septiembre a abril, abierta a "
            "cualquier padre o madre. Las sesiones tratan las tareas y las boletas de calificaciones, "
            "cómo entrar a la universidad y pagarla, el liderazgo y cómo hacerse oír, la salud y la "
            "crianza; uno de los sábados es una visita a una universidad."
        ),
    },
]


def add_programs(apps, schema_editor):
    Program = apps.get_model("workshops", "Program")
    for fields in PROGRAMS:
        Program.objects.update_or_create(code=fields["code"], defaults=fields)


def remove_programs(apps, schema_editor):
    apps.get_model("workshops", "Program").objects.filter(code__in=[p["code"] for p in PROGRAMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_programs")]

    operations = [migrations.RunPython(add_programs, remove_programs)]
