"""An index for the member directory: its count reads the index alone, and its sort by name
starts from the member ids the index holds."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0002_invitation_token_hash")]

    operations = [
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["community", "status", "user"], name="membership_directory_idx"
            ),
        ),
    ]
