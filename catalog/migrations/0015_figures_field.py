"""Each program's field copied beside its stored figures, with an index of (field, price): a list
in one field, filtered or sorted by price, reads that index instead of joining every program of the
field to its figures. The copy is written with the figures (`program_figures.write_figures`)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_fields(apps, schema_editor):
    Program = apps.get_model("catalog", "Program")
    ProgramFigures = apps.get_model("catalog", "ProgramFigures")
    ProgramFigures.objects.update(
        field_id=Subquery(Program.objects.filter(pk=OuterRef("program_id")).values("field_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0014_program_title_beside_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="programfigures",
            name="field",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.field",
            ),
        ),
        migrations.RunPython(copy_fields, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="programfigures",
            name="field",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.field",
            ),
        ),
        migrations.AddIndex(
            model_name="programfigures",
            index=models.Index(fields=["field", "price_from"], name="figures_field_price_idx"),
        ),
    ]
