"""Words the benchmark seed draws from: names, tags, titles and Markdown bodies.

The pools are small on purpose. Bodies are rendered to HTML once per distinct text and the
result reused for every row that carries it, so seeding half a million posts costs a few dozen
Markdown renders. Lengths and Markdown features (lists, links, code, quotes) vary so that
pages carry HTML of a realistic size.
"""

FIRST_NAMES = """
Ana Naledi Tomás Priya Kwame Fatima Jonas Mei Oluwaseun Sofia Daniel Hannah Raj Lucía Ethan
Amara Yusuf Claire Min-jun Grace Eilidh Samuel Marisol Liam Kiri Björn Joanna Pedro Rosa Ben
Aisha Noah Ingrid David Chiara Moana Julien Leila Carlos Sarah Arjun Olga Henrik Nadia Tariq
Ines Mateo Zanele Farah Kenji Aroha Siobhan Emeka Lena Ravi Camila Thandiwe Omar Astrid Joon
""".split()

LAST_NAMES = """
Lima Dlamini Herrera Raman Mensah Benali Weber Tanaka Adeyemi Marchetti Okafor Berg Patel
Fernández Brooks Nwosu Kaya Dubois Park Whitfield MacKay Otieno Quispe O'Connor Walker
Lindqvist Kowalska Alves Jiménez Carter Bello Fischer Solberg Kim Rossi Tupou Martin Haddad
Mendoza Cohen Nair Petrova Larsen Rahman Hussain Silva Moreau Novak Sato Ndlovu Costa Yilmaz
""".split()

PRONOUNS = ["she/her", "he/him", "they/them", "she/they", "he/they", ""]

DISCIPLINES = [
    "Community health work",
    "Epidemiology",
    "Research software engineering",
    "Primary education",
    "Community energy",
    "Health promotion",
    "Data engineering",
    "Library and information science",
    "Public policy",
    "Ecology",
    "Civic technology",
    "Social work",
    "Adult education",
    "Urban planning",
]

ORGANISATIONS = [
    "Khanya Health Collective",
    "City of Lyon",
    "University of Edinburgh",
    "Sol do Bairro Cooperative",
    "Ridge Community Clinic",
    "Open Meter",
    "Tarrawingee Primary School",
    "Regional Health Authority",
    "Commons Lab Africa",
    "Lattice Labs",
]

LOCATIONS = [
    ("Toronto, Canada", "America/Toronto"),
    ("Durban, South Africa", "Africa/Johannesburg"),
    ("Santiago, Chile", "America/Santiago"),
    ("Edinburgh, Scotland", "Europe/London"),
    ("Bologna, Italy", "Europe/Rome"),
    ("Lagos, Nigeria", "Africa/Lagos"),
    ("Uppsala, Sweden", "Europe/Stockholm"),
    ("Kisumu, Kenya", "Africa/Nairobi"),
    ("Cusco, Peru", "America/Lima"),
    ("Lisbon, Portugal", "Europe/Lisbon"),
    ("Auckland, New Zealand", "Pacific/Auckland"),
    ("Kochi, India", "Asia/Kolkata"),
    ("Seoul, South Korea", "Asia/Seoul"),
    ("Berlin, Germany", "Europe/Berlin"),
]

TAGS = """
evaluation community-based-research open-data facilitation peer-support mentoring
qualitative-methods surveillance data-quality interpretation-access health-literacy
migrant-health hiv-care harm-reduction training-design grant-writing python r-programming
packaging testing reproducibility software-citation research-data-management metadata
fair-data hpc containers documentation code-review licensing machine-learning statistics
multi-grade-teaching place-based-learning literacy numeracy outdoor-learning
bilingual-education school-leadership wellbeing solar-pv battery-storage energy-poverty
cooperative-governance community-shares tenant-organising energy-data municipal-procurement
climate-policy survey-methods onboarding decision-making consent meeting-design
knowledge-management storytelling translation accessibility volunteering fundraising
""".split()

BIOS = [
    "I work alongside families in two neighbourhoods and learn most from the people I visit.",
    (
        "Research software engineer. I look after a handful of packages that more people "
        "depend on than I would like, and I care about **tests** and kind code review."
    ),
    (
        "Teaching principal in a school of 31 children. Multi-grade by necessity, "
        "multi-grade by choice now."
    ),
    (
        "Organiser with a neighbourhood energy cooperative: rooftops, meetings, spreadsheets "
        "and a lot of tea."
    ),
    (
        "Epidemiologist in a regional health service. Interested in making surveillance data "
        "useful to the people it describes.\n\nAsk me about data quality checks."
    ),
    "Librarian by training, data steward by accident. I like metadata more than is reasonable.",
    "",
    (
        "I coordinate a peer-support programme. Before that I was a community health worker "
        "for nine years, and I still think like one."
    ),
]

TOPIC_TITLES = [
    "How do you onboard someone who joins halfway through a project?",
    "A check-in format that takes ten minutes and works",
    "What should we stop doing this year?",
    "Interpreters on calls: who pays, and how do you book them?",
    "Our shared folder is a mess — how do you organise yours?",
    "Idea: a monthly open clinic for newcomers",
    "Writing up a practice so someone else can use it",
    "When the grant ends: keeping a community going without funding",
    "Testing code that talks to instruments you don't own",
    "Citing a dataset that keeps changing",
    "Multi-grade maths: one problem, three levels",
    "Running a members' meeting for a cooperative with 200 households",
    "How do you decide which questions deserve a guide?",
    "Meeting across seven time zones without burning anyone out",
    "Asking for consent before sharing a story from practice",
    "What does a good first contribution look like here?",
    "Measuring what matters without surveying people to death",
    "Sharing the facilitation role: our rota after one year",
    "A template for documenting a decision",
    "Is it time to split this community into two?",
]

TOPIC_BODIES = [
    (
        "We have had three people join in the last month and I realised we have no real "
        "onboarding — just a link to the charter and a hope.\n\nWhat do you do in the first "
        "two weeks? Especially interested in anything that does not depend on one person "
        "remembering to do it."
    ),
    (
        "Sharing what we settled on after a lot of trial and error:\n\n"
        "1. One round, everyone speaks once, *pass* is always allowed.\n"
        "2. Prompt: *what's on your mind from practice this week?*\n"
        "3. The facilitator speaks last.\n\n"
        "It takes ten minutes for eight people. The main thing we learned is to **protect "
        "the pass** — people speak more freely when they know they don't have to."
    ),
    (
        "Proposal for the next retrospective: instead of adding goals, each of us names one "
        "thing we would stop doing. We keep adding and never remove, and our volunteer hours "
        "have not grown.\n\nCurious whether anyone has tried a *stop list* and what happened."
    ),
    (
        "Question about interpretation for our online calls. We have members who are more "
        "comfortable in French, Spanish and Arabic. Who pays in your communities? Do you use "
        "professional interpreters, volunteer members, or automatic captions?\n\n"
        "> We tried captions first and they were not good enough for clinical vocabulary."
    ),
    (
        "Our shared folder has grown to 400 files and nobody can find anything. We are "
        "thinking of a simple rule: every document gets an owner and a *review by* date, and "
        "anything past its date moves to an archive folder.\n\nHas something like this "
        "worked for you, or does it just become another chore?"
    ),
    (
        "Small idea: once a month, one hour, open to anyone who is new. No agenda, two "
        "experienced members present, questions welcome. We could record the questions (not "
        "the people) and turn the common ones into guides."
    ),
    (
        "Here is the structure I use when writing up a practice so someone else can pick it "
        "up:\n\n## Context\nWhere and with whom this was done.\n\n## Steps\nWhat I actually "
        "did, in order.\n\n## What went wrong\nThe part everyone skips.\n\n## What I would "
        "change\nOne or two lines.\n\nHappy to hear how others do it."
    ),
    (
        "Our start-up grant ends in March. We have talked about membership fees, a sponsor, "
        "or simply doing less. I would like to hear from communities that survived the end of "
        "their first grant: what did you keep, and what did you let go?"
    ),
    (
        "We depend on a spectrometer we do not own, and our tests either skip the hardware or "
        "mock it so heavily they prove nothing. Current approach:\n\n```python\n"
        "@pytest.fixture\ndef recorded_session():\n    return Replay('fixtures/run-2023-04.jsonl')"
        "\n```\n\nRecord real sessions, replay them in CI. How do others handle this?"
    ),
    (
        "How do you cite a dataset that is updated every week? The DOI points at the concept, "
        "but the numbers in the paper came from one particular snapshot. Do you cite the "
        "version DOI, the date you downloaded it, or both?"
    ),
]

POST_BODIES = [
    "Thank you for writing this up — we are going to try it next week.",
    (
        "We had the same problem. What helped was pairing each newcomer with one person for "
        "their first month, and making that person's job *only* to answer the questions "
        "people feel silly asking in public."
    ),
    (
        "I would gently push back on this. A rule that everything needs an owner can quietly "
        "turn into one person owning everything. Could the owner rotate with the facilitation "
        "role?"
    ),
    "+1 to protecting the pass. It took us a year to learn that.",
    (
        "In our community the stewards pay for interpretation out of the small grant, and we "
        "book it two weeks ahead. Volunteer interpreting burned people out — they could never "
        "take part themselves."
    ),
    (
        "Here is our version, in case it helps:\n\n- **Monday**: the facilitator posts the "
        "prompt\n- **Wednesday**: people reply in the thread\n- **Friday**: someone writes a "
        "three-line summary\n\nAsynchronous first, call only when a thread needs it."
    ),
    "Could you say more about how you decided who counts as *experienced*?",
    (
        "We tried exactly this and it worked for six months, then attendance dropped. Looking "
        "back, we never told people what happened with their questions. Closing the loop "
        "matters more than the format."
    ),
    (
        "For datasets we cite the version DOI in the reference list and put the download date "
        "in the data availability statement. Reviewers have never complained."
    ),
    (
        "Recording and replaying is what we do too. One tip: store the recordings with the "
        "firmware version in the file name, because the instrument's answers change when the "
        "firmware does."
    ),
    "Agreed. Let's put it on the agenda for the next call and decide there.",
    (
        "I have been on the other side of this — the one new person in a room of people who "
        "all knew each other. What helped most was someone asking me a question about my own "
        "work in the first meeting."
    ),
    (
        "A different angle: instead of a stop list, look at what took the most hours last "
        "quarter and ask whether anyone would notice if it disappeared. We dropped our "
        "newsletter that way and nobody asked about it."
    ),
    "Thanks, this answers my question.",
    (
        "We split once, and I would be careful. The two halves kept the same people in both "
        "and doubled the meetings. A shared space with two tracks might be enough."
    ),
    (
        "Our template for decisions is four lines: *what we decided*, *why*, *who was there*, "
        "*when we will look at it again*. The last line is the one that matters."
    ),
    (
        "A link that helped us: [Cultivating Communities of Practice]"
        "(https://example.org/cultivating) — chapter 4 on rhythm is the part we reread."
    ),
    (
        "We ask for consent in two steps: once when the story is shared with us, and again "
        "before anything is written down. People change their minds, and that is fine."
    ),
    "I can help with this — send me the draft when it is ready.",
    (
        "Honest answer: we did not survive the end of the grant as we were. We became "
        "smaller, met less often, and the people who stayed were the ones who needed it. "
        "That turned out better than I feared."
    ),
]

VALUES = "Curiosity, care for the people we serve, credit where it is due."

PURPOSE = (
    "A community of practice for people who do this work every day and want to learn from "
    "each other: sharing what works, documenting it, and creating new practice together."
)

CHARTER = (
    "## Rules of engagement\n\n1. Speak from your own practice.\n2. Everyone gets the chance "
    "to speak; pass is always allowed.\n3. Credit people's ideas.\n\n## Communication\n\n"
    "Questions get a first answer within a week."
)
