from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0007_decision_to_first_document"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='application',
            name='deciding_body',
        ),
        migrations.RemoveField(
            model_name='application',
            name='decision_date',
        ),
        migrations.RemoveField(
            model_name='application',
            name='decision_record',
        ),
        migrations.RemoveField(
            model_name='application',
            name='decision_section',
        ),
        migrations.RemoveField(
            model_name='application',
            name='minutes',
        ),
        migrations.RemoveField(
            model_name='historicalapplication',
            name='deciding_body',
        ),
        migrations.RemoveField(
            model_name='historicalapplication',
            name='decision_date',
        ),
        migrations.RemoveField(
            model_name='historicalapplication',
            name='decision_record',
        ),
        migrations.RemoveField(
            model_name='historicalapplication',
            name='decision_section',
        ),
        migrations.RemoveField(
            model_name='historicalapplication',
            name='minutes',
        ),
    ]
