"""Charter texts of the demo communities: each community's "container" — its rules of
engagement and communication guidelines — in every version it adopted or considered."""

HEALTH_V1 = """\
## Why we are here

We are community health workers, promotores, nurses, interpreters, researchers and programme
staff. We learn most from each other's daily practice, and we meet here to share it.

## Rules of engagement

1. **Speak from your own practice.** Say where you work and with whom, so others can judge
   what travels to their context.
2. **No hierarchy of titles.** A community health worker's experience counts as much as a
   researcher's or a manager's.
3. **Protect the people we serve.** Never share a name, photo or detail that could identify a
   client or family.
4. **Disagree with the idea, never the person.** Assume good intent and ask before you judge.

## How we communicate

- Every question gets a first reply within a week, even if it is only "I don't know, but…".
- Write in plain language. Explain abbreviations.
- Posts in any language are welcome; add a two-line summary in English if you can.
"""

HEALTH_V2 = """\
## Why we are here

We are community health workers, promotores, nurses, interpreters, researchers and programme
staff. We learn most from each other's daily practice, and we meet here to share it.

## Rules of engagement

1. **Speak from your own practice.** Say where you work and with whom, so others can judge
   what travels to their context.
2. **No hierarchy of titles.** A community health worker's experience counts as much as a
   researcher's or a manager's.
3. **Protect the people we serve.** Never share a name, photo or detail that could identify a
   client or family. In small places three details are enough: change or leave them out.
4. **Stories need consent.** Share a story from practice only if the person would be
   comfortable reading it here, and say that you asked.
5. **Disagree with the idea, never the person.** Assume good intent and ask before you judge.

## How we communicate

- Every question gets a first reply within a week, even if it is only "I don't know, but…".
- Write in plain language. Explain abbreviations.
- Posts in any language are welcome; add a two-line summary in English if you can.
- When a thread becomes useful to many, anyone may propose turning it into a practice sheet.
"""

HEALTH_V3 = """\
## Why we are here

We are community health workers, promotores, nurses, interpreters, researchers and programme
staff. We learn most from each other's daily practice, and we meet here to share it.

## Rules of engagement

1. **Speak from your own practice.** Say where you work and with whom, so others can judge
   what travels to their context.
2. **No hierarchy of titles.** A community health worker's experience counts as much as a
   researcher's or a manager's.
3. **Protect the people we serve.** Never share a name, photo or detail that could identify a
   client or family. In small places three details are enough: change or leave them out.
4. **Stories need consent.** Share a story from practice only if the person would be
   comfortable reading it here, and say that you asked.
5. **Case consultations are spoken, not written.** Detailed cases are discussed on our calls
   and are not recorded or posted.
6. **Disagree with the idea, never the person.** Assume good intent and ask before you judge.

## How we communicate

- Every question gets a first reply within a week, even if it is only "I don't know, but…".
- Write in plain language. Explain abbreviations.
- Posts in any language are welcome; add a two-line summary in English if you can.
- When a thread becomes useful to many, anyone may propose turning it into a practice sheet.

## How we meet and decide

- Calls alternate between 14:00 and 22:00 UTC, so nobody always meets at midnight.
- Facilitation rotates; anyone may facilitate, with a buddy the first time.
- Every call opens with a round where each person may speak once, or pass.
- We decide by consent: a proposal is adopted unless someone has an objection they can explain.
- Stewards serve one-year terms and do housekeeping only: approving members, moderating,
  booking interpreters.
"""

HEALTH_PRIVATE_PROPOSAL = HEALTH_V2.replace(
    "## How we communicate",
    "## Who can read\n\nThe network is private: only members can read what is posted here.\n\n"
    "## How we communicate",
)

RESEARCH_V1 = """\
## What this is

A commons for people who write, maintain and depend on research software — in universities,
companies, non-profits and public bodies. Nobody here is selling anything.

## Rules of engagement

1. **No question is too basic.** Everyone was new once; answer the question that was asked.
2. **Academia and industry on equal footing.** Say where you work; don't pitch products.
3. **Review code the way you'd like yours reviewed.** Kind, specific, and about the code.
4. **Credit people.** When you use someone's idea or snippet, say whose it was.
5. **Snippets posted here are MIT-licensed** unless the author says otherwise.

## How we communicate

- Put code in code blocks and say which language and version.
- If a thread answers your question, mark the answer so the next person finds it.
- Clinics and calls are announced here at least a week ahead, with the time in UTC.
"""

RESEARCH_CREDIT = RESEARCH_V1.replace(
    "## How we communicate",
    """\
## Credit and authorship

- When a thread becomes a guide, everyone who contributed substantive text is listed as an
  author, in order of the size of their contribution; reviewers are listed separately.
- Guides get a DOI, so the time people give here is visible to their employers.
- Being listed is opt-out: anyone may ask to be credited by role only ("a contributor from
  industry"), or not at all.

## How we communicate""",
)

TEACHERS_V1 = """\
## Our circle

We are teachers in small, remote and rural schools. Many of us are the only teacher, or one of
two, for miles. This is where we talk to colleagues who know what that is like.

## Rules of engagement

1. **What is said in the circle stays in the circle.** Nothing from here is quoted, shared
   or used in research without asking the person who wrote it.
2. **No child's name, school photo or identifying detail.** Ever.
3. **Every experience counts.** A first-year teacher and a thirty-year principal are equals
   here.
4. **It is fine to have a terrible day.** Say so; nobody will fix you unless you ask.

## How we communicate

- We post after school hours. Nobody needs to reply quickly.
- Share what you actually tried, including what went wrong.
- New members are invited by a member who knows them, and introduce themselves in the
  welcome thread.
"""

ENERGY_V1 = """\
## Why we are here

Neighbourhoods can make, share and save their own energy. We are cooperatives, tenant
organisers, engineers, council officers, researchers and developers learning how, together.

## Rules of engagement

1. **Start from the people who pay the bills.** Energy poverty is part of every question.
2. **Share numbers honestly**, including the projects that didn't work.
3. **Anyone may propose, anyone may object.** We decide by consent.
4. **Disagree kindly.** We come from very different places; assume good faith.

## How we communicate

- Say which country you're in: rules, tariffs and laws differ.
- Write for a member of a cooperative, not for an expert.
"""

ENERGY_V2 = """\
## Why we are here

Neighbourhoods can make, share and save their own energy. We are cooperatives, tenant
organisers, engineers, council officers, researchers and developers learning how, together.

## Rules of engagement

1. **Start from the people who pay the bills.** Energy poverty is part of every question.
2. **Share numbers honestly**, including the projects that didn't work.
3. **Declare your interests.** If you would earn from something you recommend — a product,
   an installation, a consultancy — say so in the same post. Recommending is still welcome.
4. **Anyone may propose, anyone may object.** We decide by consent.
5. **Disagree kindly.** We come from very different places; assume good faith.

## How we communicate

- Say which country you're in: rules, tariffs and laws differ.
- Write for a member of a cooperative, not for an expert.
- Explain every acronym the first time (PV, kWp, PPA…).
"""
