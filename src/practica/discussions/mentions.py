"""Finding @mentions in a post. Display names may hold spaces, so "@Ana Lima" and "@ana-lima"
both mention Ana Lima; we try the one- to four-word names that follow each @ and keep those
that are real members. Pure: no Django here."""

import re

_AT = re.compile(r"(?<![\w@])@([\w][\w.'\-]*(?:[ \t]+[\w][\w.'\-]*){0,3})", re.UNICODE)
MAX_MENTIONS = 20


def mention_candidates(text: str) -> set[str]:
    """Lower-cased names that might be meant by each @ in ``text``."""
    candidates: set[str] = set()
    for match in _AT.finditer(text or ""):
        words = match.group(1).split()
        for n in range(1, len(words) + 1):
            name = " ".join(words[:n]).rstrip(".,;:!?'").lower()
            if name:
                candidates.add(name)
                candidates.add(name.replace("-", " "))
        if len(candidates) > MAX_MENTIONS * 8:
            break
    return candidates
