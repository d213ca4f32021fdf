"""Generic pieces that know no app: Markdown, tags, pagination, errors, time, base templates."""
