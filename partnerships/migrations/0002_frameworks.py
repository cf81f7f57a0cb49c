"""The three frameworks for tagging activities, with short descriptions in English and Spanish."""

from django.db import migrations

# code, English name, Spanish name, English description, Spanish description
FRAMEWORKS = [
    {
        "code": "six-types",
        "name_en": "Six types of involvement",
        "name_es": "Seis tipos de participación",
        "description_en": "The program's default way of sorting activities by how families take part.",
        "description_es": "La forma principal del programa de ordenar las actividades según cómo participan las familias.",
        "is_default": True,
        "min_categories_to_submit": 4,
        "categories": [
            (
                "parenting",
                "Parenting",
                "Crianza",
                "Helping families with home conditions that support children as students, "
                "and helping schools understand families.",
                "Apoyar a las familias para que el hogar ayude al niño a aprender, y ayudar a la escuela "
                "a conocer a las familias.",
            ),
            (
                "communicating",
                "Communicating",
                "Comunicación",
                "Two-way exchanges between school and home about programs and children's progress.",
                "Intercambios en ambos sentidos entre la escuela y el hogar sobre los programas y el progreso "
                "de los niños.",
            ),
            (
                "volunteering",
                "Volunteering",
                "Voluntariado",
                "Recruiting and organising families' help and support at school and in the community.",
                "Invitar y organizar la ayuda de las familias en la escuela y en la comunidad.",
            ),
            (
                "learning-at-home",
                "Learning at home",
                "Aprendizaje en casa",
                "Ideas and information that let families help with homework and other learning at home.",
                "Ideas e información para que las familias ayuden con las tareas y con otros aprendizajes en casa.",
            ),
            (
                "decision-making",
                "Decision making",
                "Toma de decisiones",
                "Families take part in school decisions and grow as leaders and representatives.",
                "Las familias participan en las decisiones de la escuela y crecen como líderes y representantes.",
            ),
            (
                "community",
                "Collaborating with community",
                "Colaboración con la comunidad",
                "Bringing in community resources and services that strengthen schools, families and learning.",
                "Sumar recursos y servicios de la comunidad que fortalecen a la escuela, a las familias y el "
                "aprendizaje.",
            ),
        ],
    },
    {
        "code": "seven-dimensions",
        "name_en": "Seven key dimensions",
        "name_es": "Siete dimensiones clave",
        "description_en": "A framework that looks at family-school partnership from seven sides.",
        "description_es": "Un marco que mira la alianza entre la familia y la escuela desde siete ángulos.",
        "is_default": False,
        "min_categories_to_submit": 0,
        "categories": [
            (
                "communicating",
                "Communicating",
                "Comunicación",
                "Regular, meaningful exchanges between families and staff.",
                "Intercambios frecuentes y útiles entre las familias y el personal.",
            ),
            (
                "home-school-learning",
                "Connecting learning at home and at school",
                "Conectar el aprendizaje en casa y en la escuela",
                "What children learn at school continues at home, and the other way round.",
                "Lo que los niños aprenden en la escuela continúa en casa, y al revés.",
            ),
            (
                "community-identity",
                "Building community and identity",
                "Construir comunidad e identidad",
                "The school reflects and values the cultures and languages of its families.",
                "La escuela refleja y valora las culturas y los idiomas de sus familias.",
            ),
            (
                "role-of-family",
                "Recognising the role of the family",
                "Reconocer el papel de la familia",
                "Families are seen as children's first teachers and as partners.",
                "Se reconoce a las familias como los primeros maestros de sus hijos y como aliadas.",
            ),
            (
                "consultative-decisions",
                "Consultative decision-making",
                "Decisiones consultadas",
                "Families are asked for their views before decisions are taken.",
                "Se pide la opinión de las familias antes de tomar decisiones.",
            ),
            (
                "beyond-school",
                "Collaborating beyond the school",
                "Colaborar más allá de la escuela",
                "Working with community groups and services outside the school.",
                "Trabajar con grupos y servicios de la comunidad fuera de la escuela.",
            ),
            (
                "participating",
                "Participating",
                "Participar",
                "Families take part in school life in many ways, at school and at home.",
                "Las familias participan en la vida escolar de muchas formas, en la escuela y en casa.",
            ),
        ],
    },
    {
        "code": "four-principles",
        "name_en": "Four principles",
        "name_es": "Cuatro principios",
        "description_en": "Four principles for a school system that engages families.",
        "description_es": "Cuatro principios para un sistema escolar que hace participar a las familias.",
        "is_default": False,
        "min_categories_to_submit": 0,
        "categories": [
            (
                "systems",
                "Developing family-engagement systems",
                "Crear sistemas de participación familiar",
                "Policies, people and time set aside so engagement lasts beyond one project.",
                "Políticas, personas y tiempo dedicados para que la participación dure más allá de un proyecto.",
            ),
            (
                "welcoming",
                "A welcoming and supportive environment",
                "Un ambiente acogedor y de apoyo",
                "Every family feels welcome and respected at school.",
                "Todas las familias se sienten bienvenidas y respetadas en la escuela.",
            ),
            (
                "communication",
                "Enhanced communication",
                "Mejor comunicación",
                "Clear, frequent, two-way communication in the families' languages.",
                "Comunicación clara, frecuente y en ambos sentidos, en los idiomas de las familias.",
            ),
            (
                "decision-making",
                "Families in decision making",
                "Las familias en la toma de decisiones",
                "Families share in the decisions that affect their children.",
                "Las familias participan en las decisiones que afectan a sus hijos.",
            ),
        ],
    },
]


def add_frameworks(apps, schema_editor):
    Framework = apps.get_model("partnerships", "Framework")
    Category = apps.get_model("partnerships", "Category")
    for data in FRAMEWORKS:
        data = dict(data)
        categories = data.pop("categories")
        framework, _ = Framework.objects.update_or_create(code=data.pop("code"), defaults=data)
        for order, (code, name_en, name_es, description_en, description_es) in enumerate(categories, start=1):
            Category.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={
                    "name_en": name_en,
                    "name_es": name_es,
                    "description_en": description_en,
                    "description_es": description_es,
                    "order": order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]
    operations = [migrations.RunPython(add_frameworks, migrations.RunPython.noop)]
