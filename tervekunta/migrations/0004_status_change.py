import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from tervekunta.permissions import grant_coordinator


def grant_view(apps, schema_editor):
    # Coordinators read the audit trail; only the services write it.
    grant_coordinator(apps, "tervekunta", actions=("view",))


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('tervekunta', '0003_outbox_coordinator_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='record identifier')),
                ('field', models.CharField(default='status', max_length=40, verbose_name='field')),
                ('old_status', models.CharField(max_length=40, verbose_name='from')),
                ('new_status', models.CharField(max_length=40, verbose_name='to')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('actor', models.ForeignKey(blank=True, help_text='Empty when the change came through a private link or from the system itself.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='kind of record')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['created_at', 'pk'],
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='status_change_record_idx')],
            },
        ),
        migrations.RunPython(grant_view, migrations.RunPython.noop),
    ]
