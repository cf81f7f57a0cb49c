"""Invitations are marked answered, invited and reminded in place: `responded` leaves the one index it was
in, the codes keep one unique index each, and on PostgreSQL half of each page of the table is kept free
for the new version of its rows (fillfactor 50), so those updates touch no index at all."""

import django.db.models.deletion
import surveys.models
from django.db import migrations, models


HALF_PAGE_FREE = "ALTER TABLE surveys_invitation SET (fillfactor = 50)"
FULL_PAGES = "ALTER TABLE surveys_invitation RESET (fillfactor)"


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('pep', '0008_language_name_es'),
        ('surveys', '0003_report_version'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='invitation',
            name='invitation_cycle_district',
        ),
        migrations.AlterField(
            model_name='invitation',
            name='code',
            field=models.CharField(default=surveys.models.new_web_code, max_length=64, verbose_name='web code'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='cycle',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='surveys.surveycycle'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='paper_code',
            field=models.CharField(default=surveys.models.new_paper_code, max_length=10, verbose_name='paper code'),
        ),
        migrations.AlterField(
            model_name='response',
            name='cycle',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='surveys.surveycycle'),
        ),
        migrations.AddIndex(
            model_name='invitation',
            index=models.Index(fields=['cycle', 'district'], name='invitation_cycle_district'),
        ),
        migrations.AddConstraint(
            model_name='invitation',
            constraint=models.UniqueConstraint(fields=('code',), name='invitation_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='invitation',
            constraint=models.UniqueConstraint(fields=('paper_code',), name='invitation_paper_code_unique'),
        ),
        migrations.RunPython(_on_postgresql(HALF_PAGE_FREE), _on_postgresql(FULL_PAGES)),
    ]
