"""The people of the demo: who they are, where they work, what they know and need.

Each person's email is ``<key>@demo.practica.example``. Audience overrides show the profile
privacy controls at work: some people keep their organisation, location or needs to the
members of their communities, or to themselves.
"""

from dataclasses import dataclass, field

COMMUNITIES = "communities"
ONLY_ME = "only_me"
EVERYONE = "everyone"


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    pronouns: str
    sector: str
    discipline: str
    organisation: str
    location: str
    timezone: str
    bio: str
    interests: tuple[str, ...]
    expertise: tuple[str, ...]
    needs: tuple[str, ...] = ()
    hours: int | None = None
    audiences: dict[str, str] = field(default_factory=dict)


PEOPLE = [
    # --- community health ---------------------------------------------------------------------
    Person(
        "ana.lima", "Ana Lima", "she/her", "health",
        "Public health nursing and program evaluation", "Toronto Public Health",
        "Toronto, Canada", "America/Toronto",
        "Public health nurse for twelve years, program evaluator for the last four. I grew up "
        "between São Paulo and Toronto and still think in two languages when I'm tired.\n\n"
        "I care about evaluation that the people being evaluated would recognise as true.",
        ("evaluation", "community-based-research", "open-data", "school-health"),
        ("program-evaluation", "health-promotion", "facilitation"),
        ("r-programming", "grant-writing"),
        8,
    ),
    Person(
        "naledi.dlamini", "Naledi Dlamini", "she/her", "nonprofit",
        "Community health work", "Khanya Health Collective", "Durban, South Africa",
        "Africa/Johannesburg",
        "I was a community health worker in Umlazi for nine years before I started training "
        "others. I started this network because the best ideas I ever used came from other "
        "CHWs, never from a manual.",
        ("task-sharing", "mentoring", "peer-support"),
        ("community-health-work", "training-design", "peer-support"),
        ("fundraising",),
        10,
    ),
    Person(
        "tomas.herrera", "Tomás Herrera", "he/him", "public", "Epidemiology",
        "Servicio de Salud Metropolitano Sur", "Santiago, Chile", "America/Santiago",
        "Epidemiologist in a regional health service. I try to make surveillance data useful "
        "to the neighbourhoods it describes, not only to the ministry.",
        ("open-data", "dashboards", "data-quality"),
        ("epidemiology", "surveillance", "data-quality"),
        ("qualitative-methods",),
        4,
        {"organisation": COMMUNITIES},
    ),
    Person(
        "priya.raman", "Priya Raman", "she/her", "academia", "Migrant health research",
        "University of British Columbia", "Vancouver, Canada", "America/Vancouver",
        "PhD candidate in community-based health research. My work is with migrant women "
        "living with HIV and how they find — or are kept from — care. Before the PhD I was a "
        "settlement worker.",
        ("migrant-health", "hiv-care", "language-justice"),
        ("qualitative-methods", "community-based-research", "interview-design"),
        ("data-visualisation", "plain-language-writing"),
        6,
    ),
    Person(
        "kwame.mensah", "Kwame Mensah", "he/him", "health", "HIV care and pharmacy",
        "Ridge Community Clinic", "Accra, Ghana", "Africa/Accra",
        "Clinical pharmacist running an adherence support programme with peer counsellors.",
        ("peer-support", "adherence-support"),
        ("hiv-care", "adherence-support", "pharmacy"),
        ("evaluation",),
        3,
        {"hours_per_month": ONLY_ME},
    ),
    Person(
        "fatima.benali", "Fatima Zahra Benali", "she/her", "nonprofit",
        "Health interpretation", "Interprètes Santé Montréal", "Montréal, Canada",
        "America/Toronto",
        "Medical interpreter (Arabic, French, English) and trainer of community interpreters. "
        "I believe language access is a clinical issue, not a courtesy.",
        ("health-literacy", "language-justice"),
        ("interpretation-access", "language-justice", "training-design"),
        (),
        5,
    ),
    Person(
        "jonas.weber", "Jonas Weber", "he/him", "public", "Health promotion",
        "Gesundheitsamt Bremen", "Bremen, Germany", "Europe/Berlin",
        "Health promotion officer. Smoking cessation, neighbourhood health days, and too many "
        "forms.",
        ("community-engagement",),
        ("health-promotion", "smoking-cessation"),
        ("community-engagement",),
        2,
    ),
    Person(
        "moana.tupou", "Moana Tupou", "she/her", "health", "Pacific health navigation",
        "Tāmaki Health Navigators", "Auckland, New Zealand", "Pacific/Auckland",
        "Health navigator working with Pacific families in South Auckland. Tongan, raised in "
        "Ōtara. Church halls are my favourite clinics.",
        ("family-centred-care", "faith-communities"),
        ("health-navigation", "pacific-health", "community-engagement"),
        ("evaluation",),
        3,
        {"organisation": COMMUNITIES},
    ),
    Person(
        "julien.martin", "Julien Martin", "he/him", "public", "Health data analysis",
        "Centre intégré de santé du Bas-Saint-Laurent", "Rimouski, Canada", "America/Toronto",
        "Data analyst for a regional health authority. Rural Québec, long distances, small "
        "numbers that are hard to publish without identifying someone.",
        ("small-area-statistics", "privacy"),
        ("statistics", "data-quality", "privacy"),
        ("community-engagement",),
        2,
    ),
    Person(
        "leila.haddad", "Leila Haddad", "she/her", "nonprofit", "Refugee health programmes",
        "Amal Health Partnership", "Amman, Jordan", "Asia/Amman",
        "I coordinate mobile clinics and a team of community health volunteers in refugee "
        "settings. Arabic and English.",
        ("mental-health", "volunteer-care"),
        ("programme-coordination", "refugee-health", "volunteer-management"),
        ("grant-writing",),
        4,
        {"organisation": COMMUNITIES, "location": COMMUNITIES},
    ),
    Person(
        "carlos.mendoza", "Carlos Mendoza", "he/him", "health", "Promotor de salud",
        "Clínica del Pueblo", "Tucson, United States", "America/Phoenix",
        "Promotor de salud for fifteen years, diabetes and heat illness mostly. I train new "
        "promotoras and I still do home visits every week.",
        ("diabetes-prevention", "heat-health"),
        ("community-health-work", "home-visits", "training-design"),
        (),
        6,
    ),
    Person(
        "sarah.cohen", "Sarah Cohen", "she/her", "academia", "Health equity research",
        "University of Manchester", "Manchester, United Kingdom", "Europe/London",
        "Health equity researcher. I study how community health worker programmes are funded "
        "and why so many end when the grant does.",
        ("health-equity", "sustainability"),
        ("policy-analysis", "mixed-methods"),
        (),
        3,
    ),
    Person(
        "arjun.nair", "Arjun Nair", "he/him", "health", "Community health worker training",
        "District Health Training Centre", "Kochi, India", "Asia/Kolkata",
        "I train ASHA workers in Ernakulam district. Big groups, small budgets, lots of "
        "role-play.",
        ("role-play", "adult-learning"),
        ("training-design", "maternal-health", "adult-learning"),
        ("digital-tools",),
        3,
    ),
    Person(
        "olga.petrova", "Olga Petrova", "she/her", "public", "Tuberculosis programme",
        "National Center for Disease Control", "Tbilisi, Georgia", "Asia/Tbilisi",
        "TB programme manager. Interested in how patient supporters and nurses share the work "
        "of treatment support.",
        ("treatment-support", "task-sharing"),
        ("tuberculosis", "programme-management"),
        ("qualitative-methods",),
        2,
        {"needs": ONLY_ME},
    ),
    # --- research software --------------------------------------------------------------------
    Person(
        "mei.tanaka", "Mei Tanaka", "they/them", "academia", "Research software engineering",
        "University of Edinburgh", "Edinburgh, United Kingdom", "Europe/London",
        "Research software engineer. I maintain a few Python packages that more people depend "
        "on than I would like, and I care a lot about **kind code review**.",
        ("software-citation", "mentoring", "open-source-sustainability"),
        ("python", "packaging", "testing", "reproducibility"),
        ("community-management",),
        12,
    ),
    Person(
        "oluwaseun.adeyemi", "Oluwaseun Adeyemi", "he/him", "private", "Data engineering",
        "Halden Therapeutics", "London, United Kingdom", "Europe/London",
        "Data engineer at a pharma company. I spend my days validating pipelines and my "
        "evenings wishing academia and industry talked more.",
        ("open-source-in-industry", "validation"),
        ("data-pipelines", "validation", "python"),
        ("licensing",),
        4,
        {"organisation": COMMUNITIES},
    ),
    Person(
        "sofia.marchetti", "Sofia Marchetti", "she/her", "academia",
        "Research data management", "Università di Bologna, Library", "Bologna, Italy",
        "Europe/Rome",
        "Librarian by training, data steward by accident. I like metadata more than is "
        "reasonable and I will ask you for a licence.",
        ("software-citation", "fair-data"),
        ("research-data-management", "metadata", "fair-data"),
        (),
        6,
    ),
    Person(
        "daniel.okafor", "Daniel Okafor", "he/him", "private", "Scientific software products",
        "Lattice Labs", "Lagos, Nigeria", "Africa/Lagos",
        "Founder of a small company that builds lab data tools on open-source foundations. "
        "Learning how to give back without giving away the company.",
        ("open-core", "open-source-sustainability"),
        ("product-management", "open-core"),
        ("community-management", "licensing"),
        3,
    ),
    Person(
        "hannah.berg", "Hannah Berg", "she/her", "academia", "Computational ecology",
        "Uppsala University", "Uppsala, Sweden", "Europe/Stockholm",
        "Postdoc in computational ecology. I write R that other people run, which terrifies "
        "me a little.",
        ("r-programming", "ecology"),
        ("r-programming", "statistics", "ecology"),
        ("testing", "packaging"),
        5,
    ),
    Person(
        "raj.patel", "Raj Patel", "he/him", "academia", "Research computing",
        "University of Waterloo", "Waterloo, Canada", "America/Toronto",
        "Research computing analyst: clusters, containers, and helping people get their code "
        "off their laptops.",
        ("reproducibility", "containers"),
        ("hpc", "containers", "slurm"),
        (),
        4,
    ),
    Person(
        "lucia.fernandez", "Lucía Fernández", "she/her", "academia", "Bioinformatics",
        "Universidad de Granada", "Granada, Spain", "Europe/Madrid",
        "Third-year PhD student in bioinformatics. The only person in my lab who writes tests, "
        "so I would love company.",
        ("bioinformatics", "career-paths"),
        ("snakemake", "python"),
        ("testing", "code-review", "career-paths"),
        6,
    ),
    Person(
        "ethan.brooks", "Ethan Brooks", "he/him", "private", "Developer relations",
        "Northwind Cloud", "Seattle, United States", "America/Los_Angeles",
        "Developer advocate. Former astronomer. Documentation is my love language.",
        ("open-source-sustainability", "documentation"),
        ("documentation", "developer-experience"),
        (),
        2,
    ),
    Person(
        "amara.nwosu", "Amara Nwosu", "she/her", "nonprofit", "Open science training",
        "Commons Lab Africa", "Abuja, Nigeria", "Africa/Lagos",
        "I run open science training across West Africa: workshops, mentoring circles and a "
        "lot of patience with unreliable Wi-Fi.",
        ("open-science-policy", "mentoring"),
        ("training-design", "carpentries-instruction", "open-science-policy"),
        ("fundraising",),
        5,
    ),
    Person(
        "yusuf.kaya", "Yusuf Kaya", "he/him", "academia", "Climate modelling",
        "Boğaziçi University", "Istanbul, Turkey", "Europe/Istanbul",
        "Climate modeller. I inherited 80,000 lines of Fortran and a README that says "
        "*ask Mehmet*. Mehmet retired.",
        ("legacy-code", "numerical-methods"),
        ("fortran", "numerical-methods"),
        ("modernising-legacy-code", "testing"),
        3,
    ),
    Person(
        "claire.dubois", "Claire Dubois", "she/her", "public", "Official statistics",
        "Institut régional de la statistique", "Lyon, France", "Europe/Paris",
        "Statistician publishing open data for a regional government. Interested in how "
        "people outside government actually use what we publish.",
        ("open-data", "community-energy"),
        ("statistics", "open-data", "data-publishing"),
        (),
        2,
    ),
    Person(
        "minjun.park", "Min-jun Park", "he/him", "private", "Machine learning engineering",
        "Hanbit Bio", "Seoul, South Korea", "Asia/Seoul",
        "ML engineer in a biotech start-up. Mostly I make other people's notebooks run twice.",
        ("mlops", "reproducibility"),
        ("machine-learning", "mlops"),
        ("research-data-management",),
        2,
        {"location": ONLY_ME},
    ),
    Person(
        "henrik.larsen", "Henrik Larsen", "he/him", "academia", "Scientific computing",
        "Aarhus University", "Aarhus, Denmark", "Europe/Copenhagen",
        "Scientific computing with Julia and, lately, a lot of energy-system models. Member of "
        "an energy cooperative on weekends.",
        ("julia", "energy-systems"),
        ("julia", "numerical-methods", "energy-data"),
        (),
        3,
    ),
    Person(
        "nadia.rahman", "Nadia Rahman", "she/her", "private", "Software quality assurance",
        "Medevo Devices", "Dublin, Ireland", "Europe/Dublin",
        "Test engineer in medical devices, where a bug is a recall. Happy to share how "
        "regulated industries test, and curious how research does it.",
        ("research-software",),
        ("testing", "validation", "risk-management"),
        (),
        3,
        {"organisation": ONLY_ME},
    ),
    # --- rural classrooms ---------------------------------------------------------------------
    Person(
        "grace.whitfield", "Grace Whitfield", "she/her", "education",
        "Primary teaching, multi-grade", "Tarrawingee Primary School",
        "North East Victoria, Australia", "Australia/Melbourne",
        "Teaching principal of a school with 31 children across seven year levels. "
        "Multi-grade by necessity, multi-grade by choice now.",
        ("place-based-learning", "wellbeing"),
        ("multi-grade-teaching", "place-based-learning", "school-leadership"),
        ("digital-tools",),
        6,
        {"organisation": COMMUNITIES},
    ),
    Person(
        "eilidh.mackay", "Eilidh MacKay", "she/her", "education", "Primary teaching",
        "A one-teacher school in Argyll", "West Highlands, Scotland", "Europe/London",
        "Head teacher, class teacher, janitor on Fridays. Eleven pupils, one ferry.",
        ("outdoor-learning", "gaelic-medium-education"),
        ("multi-grade-teaching", "outdoor-learning"),
        ("wellbeing",),
        4,
        {"organisation": ONLY_ME, "location": COMMUNITIES},
    ),
    Person(
        "samuel.otieno", "Samuel Otieno", "he/him", "education", "Primary teaching",
        "Public primary school, Kisumu County", "Kisumu County, Kenya", "Africa/Nairobi",
        "Upper primary teacher. Classes of 60, one shared textbook per three pupils, and "
        "children who walk an hour to get to us.",
        ("literacy", "low-resource-teaching"),
        ("literacy", "low-resource-teaching"),
        ("multi-grade-teaching", "digital-tools"),
        3,
        {"organisation": COMMUNITIES},
    ),
    Person(
        "marisol.quispe", "Marisol Quispe", "she/her", "education", "Bilingual education",
        "Institución Educativa Rural", "Cusco region, Peru", "America/Lima",
        "Bilingual Quechua–Spanish primary teacher in a community at 3,800 m. My pupils teach "
        "me as much Quechua vocabulary as I teach them Spanish.",
        ("indigenous-languages", "place-based-learning"),
        ("bilingual-education", "indigenous-languages"),
        ("numeracy",),
        4,
        {"organisation": COMMUNITIES},
    ),
    Person(
        "liam.oconnor", "Liam O'Connor", "he/him", "education", "School leadership",
        "A two-teacher school in County Mayo", "County Mayo, Ireland", "Europe/Dublin",
        "Teaching principal. I spend half my day teaching and the other half on paperwork "
        "that assumes I have a secretary.",
        ("wellbeing", "school-leadership"),
        ("school-leadership", "numeracy"),
        ("wellbeing",),
        3,
        {"organisation": ONLY_ME},
    ),
    Person(
        "kiri.walker", "Kiri Walker", "she/her", "education", "Kaupapa Māori education",
        "A rural kura in Te Tai Tokerau", "Northland, New Zealand", "Pacific/Auckland",
        "Kaiako in a small rural kura. Outdoor learning, whānau involvement and te reo Māori "
        "every day.",
        ("outdoor-learning", "whanau-engagement"),
        ("outdoor-learning", "te-reo-maori"),
        (),
        3,
        {"organisation": COMMUNITIES},
    ),
    Person(
        "bjorn.lindqvist", "Björn Lindqvist", "he/him", "education", "Primary teaching",
        "Byskolan i Hallen", "Jämtland, Sweden", "Europe/Stockholm",
        "Village school teacher, maths and outdoor education. Our school was almost closed "
        "twice; the parents saved it both times.",
        ("outdoor-learning", "numeracy"),
        ("numeracy", "outdoor-learning"),
        ("literacy",),
        2,
    ),
    Person(
        "joanna.kowalska", "Joanna Kowalska", "she/her", "academia", "Teacher education",
        "Maria Curie-Skłodowska University", "Lublin, Poland", "Europe/Warsaw",
        "Teacher educator and former village school teacher. I research rural schools and try "
        "not to be the researcher who takes and never gives back.",
        ("rural-education", "research-practice-partnerships"),
        ("teacher-education", "qualitative-methods"),
        (),
        3,
    ),
    # --- community energy ---------------------------------------------------------------------
    Person(
        "pedro.alves", "Pedro Alves", "he/him", "community", "Community energy organising",
        "Cooperativa Sol do Bairro", "Lisbon, Portugal", "Europe/Lisbon",
        "Co-founder of a neighbourhood solar cooperative: 140 households, 11 rooftops, and a "
        "members' meeting that once lasted five hours.",
        ("energy-poverty", "cooperative-governance"),
        ("cooperative-governance", "solar-pv", "facilitation"),
        ("community-shares",),
        8,
    ),
    Person(
        "rosa.jimenez", "Rosa Jiménez", "she/her", "community", "Tenant organising",
        "Sindicat de Llogateres del Poble-sec", "Barcelona, Spain", "Europe/Madrid",
        "Tenant organiser. I came to energy through the bills: half my neighbours choose "
        "between heating and eating every February.",
        ("energy-poverty", "tenant-organising"),
        ("energy-poverty", "tenant-organising", "facilitation"),
        (),
        4,
    ),
    Person(
        "ben.carter", "Ben Carter", "he/him", "private", "Electrical engineering",
        "Carter & Daughters Solar", "Bristol, United Kingdom", "Europe/London",
        "Electrical engineer and installer. I run a small solar business with my daughters; "
        "I'll always tell you when I'd profit from a recommendation.",
        ("battery-storage", "grid-connection"),
        ("solar-pv", "battery-storage", "grid-connection"),
        (),
        3,
    ),
    Person(
        "aisha.bello", "Aisha Bello", "she/her", "public", "Municipal sustainability",
        "Brighton & Hove City Council", "Brighton, United Kingdom", "Europe/London",
        "Sustainability officer. I look for council roofs that communities can use, and for "
        "procurement rules that let them.",
        ("climate-policy", "public-buildings"),
        ("municipal-procurement", "climate-policy"),
        ("cooperative-governance",),
        2,
    ),
    Person(
        "noah.fischer", "Noah Fischer", "they/them", "private", "Civic technology",
        "Open Meter", "Berlin, Germany", "Europe/Berlin",
        "Developer at a small civic-tech company that turns smart-meter data into something "
        "a cooperative can actually read.",
        ("energy-data", "open-data"),
        ("energy-data", "python", "web-development"),
        (),
        5,
    ),
    Person(
        "ingrid.solberg", "Ingrid Solberg", "she/her", "academia", "Energy social science",
        "NTNU", "Trondheim, Norway", "Europe/Oslo",
        "Researcher in energy justice. I survey energy communities and I promise to send "
        "everyone the results in plain language.",
        ("energy-justice",),
        ("energy-justice", "survey-methods"),
        (),
        3,
    ),
    Person(
        "david.kim", "David Kim", "he/him", "nonprofit", "Community finance",
        "Community Power Fund", "Toronto, Canada", "America/Toronto",
        "I help community groups raise money from their own members: community shares, "
        "bonds, and the paperwork that comes with them.",
        ("community-shares", "impact-investing"),
        ("community-shares", "finance"),
        (),
        2,
        {"hours_per_month": COMMUNITIES},
    ),
    Person(
        "chiara.rossi", "Chiara Rossi", "she/her", "community", "Renewable energy communities",
        "Comunità Energetica Val di Sole", "Trentino, Italy", "Europe/Rome",
        "Volunteer secretary of a renewable energy community in a mountain valley: a small "
        "hydro plant, 60 families and a lot of Italian bureaucracy.",
        ("hydro", "renewable-energy-communities"),
        ("renewable-energy-communities", "hydro"),
        ("energy-data",),
        3,
    ),
    Person(
        "tariq.hussain", "Tariq Hussain", "he/him", "community", "Youth energy outreach",
        "Leeds Community Energy", "Leeds, United Kingdom", "Europe/London",
        "I run the schools programme for our energy co-op: kids reading meters, kids "
        "presenting to the council, kids asking better questions than the adults.",
        ("youth-engagement", "schools"),
        ("youth-engagement", "education-outreach"),
        ("fundraising",),
        4,
    ),
    Person(
        "ines.moreau", "Inès Moreau", "she/her", "community", "Community facilitation",
        "Énergie Partagée Lyon", "Lyon, France", "Europe/Paris",
        "Facilitator for citizen energy projects. I am good at long meetings and better at "
        "making them short.",
        ("facilitation", "decision-making"),
        ("facilitation", "consent-decision-making"),
        (),
        3,
    ),
]  # fmt: skip

BY_KEY = {person.key: person for person in PEOPLE}
