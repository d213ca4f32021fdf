"""Topic indexes that match the list queries, so a page of topics is read in index order
instead of sorting every topic of the community.

The old ``topic_list_idx`` had ``is_hidden`` second; ``filter(is_hidden=False)`` compiles to
``NOT is_hidden``, which SQLite cannot use as an equality, so nothing after ``community`` was
usable. The old ``topic_kind_idx`` ended in ``answered_at``, which no query orders by.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="topic", name="topic_list_idx"),
        migrations.RemoveIndex(model_name="topic", name="topic_kind_idx"),
        migrations.AddIndex(
            model_name="topic",
            index=models.Index(
                fields=["community", "-is_pinned", "-last_activity_at", "-id", "is_hidden"],
                name="topic_list_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="topic",
            index=models.Index(
                fields=["community", "-last_activity_at", "-id", "is_hidden"],
                name="topic_latest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="topic",
            index=models.Index(
                fields=["community", "kind", "answer", "created_at", "id", "is_hidden"],
                name="topic_kind_idx",
            ),
        ),
    ]
