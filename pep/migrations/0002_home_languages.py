"""The home languages most often spoken by families in the program's schools."""

from django.db import migrations

# code, name in English, name in the language itself
LANGUAGES = [
    ("en", "English", "English"),
    ("es", "Spanish", "español"),
    ("pl", "Polish", "polski"),
    ("ar", "Arabic", "العربية"),
    ("ur", "Urdu", "اردو"),
    ("zh", "Chinese", "中文"),
    ("tl", "Tagalog", "Tagalog"),
    ("vi", "Vietnamese", "Tiếng Việt"),
    ("ko", "Korean", "한국어"),
    ("ru", "Russian", "русский"),
    ("uk", "Ukrainian", "українська"),
    ("gu", "Gujarati", "ગુજરાતી"),
    ("hi", "Hindi", "हिन्दी"),
    ("fr", "French", "français"),
    ("ht", "Haitian Creole", "Kreyòl ayisyen"),
    ("pt", "Portuguese", "português"),
    ("ro", "Romanian", "română"),
    ("bs", "Bosnian", "bosanski"),
    ("sq", "Albanian", "shqip"),
    ("so", "Somali", "Soomaali"),
    ("sw", "Swahili", "Kiswahili"),
    ("ne", "Nepali", "नेपाली"),
    ("my", "Burmese", "မြန်မာ"),
    ("de", "German", "Deutsch"),
    ("el", "Greek", "Ελληνικά"),
    ("it", "Italian", "italiano"),
    ("ja", "Japanese", "日本語"),
    ("fa", "Persian", "فارسی"),
    ("te", "Telugu", "తెలుగు"),
    ("ta", "Tamil", "தமிழ்"),
    ("ase", "American Sign Language", "ASL"),
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("pep", "Language")
    for code, name, name_local in LANGUAGES:
        Language.objects.update_or_create(
            code=code, defaults={"name": name, "name_local": name_local}
        )


class Migration(migrations.Migration):
    dependencies = [("pep", "0001_initial")]
    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
