"""Introductions in each community's welcome thread, composed from the person's own profile.

A person introduces themselves with their bio in the first community they joined; in the
others they say why they came (their joining note), so nobody repeats themselves word for
word. Greetings and closing lines vary from person to person.
"""

import zlib

from .people import Person

GREETINGS = {
    "kiri.walker": "Kia ora koutou!",
    "moana.tupou": "Mālō e lelei, everyone!",
    "carlos.mendoza": "¡Hola a todos!",
    "marisol.quispe": "Allillanchu, and hola from the Andes!",
    "lucia.fernandez": "¡Hola!",
    "fatima.benali": "Bonjour à toutes et à tous !",
    "julien.martin": "Bonjour !",
    "claire.dubois": "Bonjour !",
    "ines.moreau": "Bonjour à tous !",
    "eilidh.mackay": "Halò!",
    "tomas.herrera": "¡Hola! Saludos desde Santiago.",
    "rosa.jimenez": "Hola, bon dia!",
    "pedro.alves": "Olá!",
    "ana.lima": "Olá, hello!",
    "chiara.rossi": "Ciao a tutti!",
    "sofia.marchetti": "Ciao!",
    "arjun.nair": "Namaskaram!",
}
PLAIN_GREETINGS = ("Hello everyone!", "Hi all!", "Hello!", "Hi everyone.", "Good to be here.")

# How a tag reads in a sentence, where that is more than swapping hyphens for spaces.
TAG_WORDS = {
    "hiv-care": "HIV care",
    "r-programming": "R programming",
    "pacific-health": "Pacific health",
    "community-based-research": "community-based research",
    "plain-language-writing": "plain-language writing",
    "fair-data": "FAIR data",
    "hpc": "HPC",
    "mlops": "MLOps",
    "python": "Python",
    "julia": "Julia",
    "fortran": "Fortran",
    "snakemake": "Snakemake",
    "slurm": "Slurm",
    "carpentries-instruction": "Carpentries instruction",
    "solar-pv": "solar PV",
    "te-reo-maori": "te reo Māori",
    "multi-grade-teaching": "multi-grade teaching",
    "low-resource-teaching": "teaching with few resources",
    "consent-decision-making": "consent decision-making",
}

CLOSINGS_WITH_NEEDS = (
    "Here I hope to learn about {needs}, and I'm glad to help with {expertise}.",
    "I can help with {expertise}. I'd love advice on {needs}.",
    "Things I know a little about: {expertise}. Things I'm looking for: {needs}.",
    "Ask me anything about {expertise} — and if you know about {needs}, I'd love to talk.",
)
CLOSINGS = (
    "Happy to help with {expertise} if it's useful to anyone.",
    "Ask me about {expertise} any time.",
    "I'm glad to share what I know about {expertise}, and mostly I'm here to listen.",
)


def _pick(options, key: str):
    """The same choice every time for the same key, different across keys."""
    return options[zlib.crc32(key.encode()) % len(options)]


def _humanise(tags: tuple[str, ...], limit: int = 3) -> str:
    words = [TAG_WORDS.get(tag, tag.replace("-", " ")) for tag in tags[:limit]]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def introduction(person: Person, community_slug: str, note: str = "") -> str:
    key = f"{person.key}/{community_slug}"
    greeting = GREETINGS.get(person.key) or _pick(PLAIN_GREETINGS, key)
    about = note or person.bio
    expertise, needs = _humanise(person.expertise), _humanise(person.needs)
    closing = (
        _pick(CLOSINGS_WITH_NEEDS, key).format(expertise=expertise, needs=needs)
        if needs
        else _pick(CLOSINGS, key).format(expertise=expertise)
    )
    # Only what the person wrote or chose to show everyone: no location or organisation,
    # which some people keep to their communities or to themselves.
    return f"{greeting} {about}\n\n{closing}"
