"""A partial index for the questions still waiting for an answer (``unanswered_questions`` on
the community home, oldest first): it holds only those rows, a small part of a community's
topics, in the order the list reads them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0002_topic_list_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="topic",
            index=models.Index(
                condition=models.Q(("answer__isnull", True), ("kind", "question")),
                fields=["community", "created_at", "id"],
                name="topic_unanswered_idx",
            ),
        ),
    ]
