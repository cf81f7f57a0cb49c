"""Languages get a name in Spanish where Django does not know them; Django names the others."""

from django.db import migrations, models

# code: name in Spanish, for the home languages whose codes Django has no name for
SPANISH_NAMES = {
    "zh": "Chino",
    "tl": "Tagalo",
    "gu": "Guyaratí",
    "ht": "Criollo haitiano",
    "so": "Somalí",
    "ase": "Lengua de señas americana",
}


def add_spanish_names(apps, schema_editor):
    Language = apps.get_model("pep", "Language")
    for code, name_es in SPANISH_NAMES.items():
        Language.objects.filter(code=code, name_es="").update(name_es=name_es)


class Migration(migrations.Migration):
    dependencies = [("pep", "0007_invitations")]
    operations = [
        migrations.AddField(
            model_name="language",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Leave empty for common languages: PEP knows their names in Spanish.",
                max_length=100,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.RunPython(add_spanish_names, migrations.RunPython.noop),
    ]
