"""The demo communities: four communities of practice in different sectors and at different
moments of their life, with the history that brought them there.

* **Community Health Practice Network** — public, join on approval, two years old and
  mature: three charter versions and one proposal that did not pass, goals achieved, revised
  and retired, a member who left, stewards who rotate.
* **Research Software Commons** — public and open, four months old and coalescing across
  academia and industry, with a charter proposal open for responses right now.
* **Rural Classrooms Circle** — private and by invitation, six weeks old: teachers in remote
  schools getting to know each other.
* **Community Energy Commons** — public and open, ten months old: cooperatives, tenants,
  engineers, councils and researchers.
"""

from . import charters, threads_energy, threads_health, threads_research, threads_teachers
from .spec import (
    CharterChange,
    CommunitySpec,
    GoalChange,
    GoalSpec,
    Joining,
    StewardSpec,
)

HEALTH = CommunitySpec(
    slug="community-health-practice",
    name="Community Health Practice Network",
    purpose=(
        "A network where community health workers, promotores, nurses, interpreters and "
        "researchers learn from each other's daily practice: the home visit that went wrong, "
        "the training exercise that worked, the data we give back to neighbourhoods.\n\n"
        "We share what works, document it as practice sheets anyone can use, and think "
        "together about how to sustain this work."
    ),
    values=(
        "**Practice first** — experience from the field counts as much as a title.\n\n"
        "**Care** — for the people we serve, and for each other.\n\n"
        "**Openness** — what we learn is public, so CHWs anywhere can use it."
    ),
    visibility="public",
    join_policy="approval",
    timezone="UTC",
    founder="naledi.dlamini",
    days_ago=730,
    charter=charters.HEALTH_V1,
    welcome_title="Welcome! Introduce yourself here",
    welcome_body=(
        "Welcome to the network. I'm Naledi, a community health worker from Umlazi, "
        "Durban, and now a trainer of CHWs.\n\nPlease introduce yourself: where you work, "
        "who you work with, and one thing you'd like to learn from others here. There are no "
        "small jobs in community health, so please don't be modest."
    ),
    members=(
        Joining("ana.lima", 724, by="naledi.dlamini",
                message="A colleague shared the network with me; I evaluate CHW programmes."),
        Joining("carlos.mendoza", 720, by="naledi.dlamini",
                message="Promotor de salud in Tucson, fifteen years."),
        Joining("priya.raman", 700, by="naledi.dlamini",
                message="PhD student in community-based health research, ex-settlement worker."),
        Joining("kwame.mensah", 690, by="naledi.dlamini",
                message="I run an HIV adherence support programme with peer counsellors."),
        Joining("tomas.herrera", 650, by="naledi.dlamini",
                message="Epidemiologist; I want to learn how CHWs use local data."),
        Joining("fatima.benali", 640, by="naledi.dlamini",
                message="Medical interpreter and trainer, Montréal."),
        Joining("jonas.weber", 600, by="naledi.dlamini",
                message="Health promotion officer in Bremen."),
        Joining("sarah.cohen", 560, by="naledi.dlamini",
                message="I research how CHW programmes are funded and sustained."),
        Joining("arjun.nair", 520, by="naledi.dlamini",
                message="I train ASHA workers in Kerala."),
        Joining("moana.tupou", 480, by="ana.lima",
                message="Health navigator with Pacific families in Auckland."),
        Joining("olga.petrova", 400, by="ana.lima",
                message="TB programme manager, interested in treatment supporters."),
        Joining("julien.martin", 330, by="ana.lima",
                message="Health data analyst in rural Québec."),
        Joining("leila.haddad", 250, by="naledi.dlamini",
                message="I coordinate community health volunteers in refugee settings."),
    ),
    pending=(
        Joining("claire.dubois", 2,
                message="I publish regional health statistics and would like to learn how "
                        "health workers use them — and how we could publish them better."),
    ),
    departures=(("jonas.weber", 210),),
    stewards=(
        StewardSpec("ana.lima", "naledi.dlamini", 540),
        StewardSpec("carlos.mendoza", "ana.lima", 150, term_days_left=215),
    ),
    charter_changes=(
        CharterChange(
            "priya.raman", 590, charters.HEALTH_V2,
            "Two additions after our discussion about sharing stories from practice: a "
            "reminder that in small places three details identify a person, and a rule that "
            "stories need consent. Also a line on turning good threads into practice sheets.",
            responses=(
                ("naledi.dlamini", "consent", ""),
                ("ana.lima", "consent", "Thank you, Priya — rule 4 says what we all assumed."),
                ("carlos.mendoza", "consent", ""),
                ("tomas.herrera", "concern",
                 "I consent, but \"three details\" is a rule of thumb; in a village of 200 "
                 "one detail can be enough. Let's treat it as a minimum."),
                ("kwame.mensah", "consent", ""),
            ),
        ),
        CharterChange(
            "julien.martin", 310, charters.HEALTH_PRIVATE_PROPOSAL,
            "Case consultations include situations that feel too exposed on a public page, "
            "even de-identified. I propose that only members can read the network.",
            responses=(
                ("olga.petrova", "consent", ""),
                ("priya.raman", "objection",
                 "Most CHWs in the world will never be invited into a private group. Closing "
                 "would make us a club. I'd rather we keep case discussions on the calls and "
                 "everything else public."),
                ("ana.lima", "concern",
                 "Julien's worry is real; I think a rule about cases answers it better than "
                 "closing the door."),
                ("carlos.mendoza", "objection",
                 "Same as Priya: the openness is why promotores find us."),
            ),
        ),
        CharterChange(
            "ana.lima", 190, charters.HEALTH_V3,
            "What we agreed over the last year, written down: case consultations are spoken, "
            "not written; calls alternate between two times; facilitation rotates; stewards "
            "serve one-year terms.",
            responses=(
                ("naledi.dlamini", "consent", "Yes to terms — including mine."),
                ("carlos.mendoza", "consent", ""),
                ("moana.tupou", "consent", "The 22:00 UTC call means I can finally join."),
                ("fatima.benali", "concern",
                 "I consent. But interpretation on calls needs a budget, not good will — "
                 "can we set a goal for funding it?"),
                ("arjun.nair", "consent", ""),
                ("leila.haddad", "consent", ""),
                ("julien.martin", "consent", "Rule 5 answers what I was worried about."),
            ),
        ),
    ),
    goals=(
        GoalSpec(
            "naledi.dlamini", 700,
            "Publish an onboarding toolkit for new community health workers",
            "A set of practice sheets written by members: the first home visit, safety, "
            "boundaries, referral, looking after yourself.",
            (
                GoalChange(
                    540, "ana.lima",
                    "A full manual was too big for our volunteer hours; ten sheets we can "
                    "actually finish.",
                    title="Publish ten practice sheets for new community health workers",
                ),
                GoalChange(
                    260, "carlos.mendoza",
                    "All ten sheets published in English, Spanish and French. Thank you to "
                    "the fourteen people who wrote and reviewed them.",
                    status="achieved",
                ),
            ),
        ),
        GoalSpec(
            "carlos.mendoza", 690, "Hold a monthly case consultation call",
            "One hour a month where a member brings a situation from practice and the group "
            "thinks it through with them.",
            (
                GoalChange(
                    330, "ana.lima",
                    "Members in Asia and Oceania could never join the old time.",
                    title="Hold case consultation calls twice a month",
                    description=(
                        "Twice a month, alternating 14:00 and 22:00 UTC, so nobody always "
                        "meets at midnight. Cases are spoken, not recorded."
                    ),
                ),
            ),
        ),
        GoalSpec(
            "tomas.herrera", 600,
            "Map CHW training programmes in every country where we have members",
            "A shared table of training programmes: length, content, who pays, certification.",
            (
                GoalChange(
                    300, "naledi.dlamini",
                    "Too big for volunteer hours. What we collected went into the toolkit's "
                    "resource list.",
                    status="retired",
                ),
            ),
        ),
        GoalSpec(
            "fatima.benali", 182, "Fund professional interpretation for our calls",
            "About 1,200 € a year covers two languages on every call.",
            (
                GoalChange(
                    40, "fatima.benali", "Progress update.",
                    description=(
                        "About 1,200 € a year covers two languages on every call. 500 € is "
                        "pledged by two member organisations; we are looking for the rest."
                    ),
                ),
            ),
        ),
        GoalSpec(
            "sarah.cohen", 120, "Write up what keeps CHW networks going after their first grant",
            "From members' own experience, not only the literature. Drafts come back here "
            "before they go anywhere else.",
        ),
    ),
    threads=threads_health.THREADS,
)  # fmt: skip

RESEARCH = CommunitySpec(
    slug="research-software-commons",
    name="Research Software Commons",
    purpose=(
        "A commons for the people who write, maintain and depend on research software — "
        "research software engineers, scientists who code, librarians, and engineers in "
        "industry.\n\nWe help each other with the practical things (testing, packaging, "
        "citing, keeping legacy code alive) and we are finding out what else we can build "
        "together across academia and industry."
    ),
    values="Generosity with knowledge. Credit where it is due. No question is too basic.",
    visibility="public",
    join_policy="open",
    timezone="UTC",
    founder="mei.tanaka",
    days_ago=120,
    charter=charters.RESEARCH_V1,
    welcome_title="Say hello: who are you and what do you maintain?",
    welcome_body=(
        "Hi all, I'm Mei (they/them), a research software engineer in Edinburgh. I started "
        "this because the best help I've had came from people in other institutions — and "
        "other sectors — who had already solved my problem.\n\nTell us who you are, what "
        "code you look after (or are afraid of), and what you'd like to learn."
    ),
    members=(
        Joining("amara.nwosu", 119),
        Joining("sofia.marchetti", 118),
        Joining("oluwaseun.adeyemi", 115),
        Joining("hannah.berg", 112),
        Joining("raj.patel", 110),
        Joining("lucia.fernandez", 105),
        Joining("ethan.brooks", 100),
        Joining("yusuf.kaya", 95),
        Joining("daniel.okafor", 90),
        Joining("claire.dubois", 85),
        Joining("minjun.park", 70),
        Joining("henrik.larsen", 60,
                note="I also look after an energy-system model in Julia, and I'm mostly here "
                     "to learn how to make it maintainable by people who aren't me."),
        Joining("nadia.rahman", 45),
        Joining("ana.lima", 30,
                note="I'm a nurse and program evaluator who learned R from videos, and I've "
                     "come to learn how to stop making a mess of my scripts."),
        Joining("tomas.herrera", 28,
                note="I'm an epidemiologist in Santiago; we want to publish the code behind "
                     "our neighbourhood health dashboards so other regions can reuse it."),
        Joining("noah.fischer", 20,
                note="I build open tools for energy cooperatives in Berlin and I'd like to do "
                     "a better job of archiving them for the research we support."),
    ),
    stewards=(StewardSpec("amara.nwosu", "mei.tanaka", 100),),
    charter_changes=(
        CharterChange(
            "sofia.marchetti", 4, charters.RESEARCH_CREDIT,
            "People here give real expertise and time. When a thread becomes a guide, that "
            "contribution should be visible — for early-career members especially. I've "
            "included an opt-out for anyone whose employer needs to approve public credit.",
            responses=(
                ("mei.tanaka", "consent", "Adopt now and improve later."),
                ("hannah.berg", "consent", ""),
                ("oluwaseun.adeyemi", "concern",
                 "I consent, with a concern: the opt-out must also work *after* a guide is "
                 "published, in case approval is withdrawn."),
                ("daniel.okafor", "concern",
                 "\"Substantive\" will be argued about. I'd prefer \"anyone whose words "
                 "survive into the final text\"."),
                ("amara.nwosu", "consent", ""),
                ("lucia.fernandez", "consent", "A DOI on a guide would help my CV a lot."),
            ),
            still_open=True,
        ),
    ),
    goals=(
        GoalSpec(
            "mei.tanaka", 110, "Run a first \"bring your legacy code\" clinic",
            "Two hours online; people bring inherited code and pair with a mentor on the "
            "first step.",
            (
                GoalChange(
                    40, "amara.nwosu",
                    "Six projects, four mentors; two of the projects now have tests in CI.",
                    status="achieved",
                ),
            ),
        ),
        GoalSpec(
            "sofia.marchetti", 95, "Draft a community guide to citing research software",
            "What to cite, how, and how to make your own software citable.",
            (
                GoalChange(
                    30, "sofia.marchetti",
                    "Narrowing the scope so we can finish a first version.",
                    description=(
                        "Start with CITATION.cff and archiving releases with a DOI; cover "
                        "journals' policies in a later version."
                    ),
                ),
            ),
        ),
        GoalSpec(
            "amara.nwosu", 30, "Start five mentoring circles by the end of the quarter",
            "Circles of four — one experienced member, three newer — grouped by time zone.",
            (
                GoalChange(
                    8, "mei.tanaka", "Progress update.",
                    description=(
                        "Circles of four — one experienced member, three newer — grouped by "
                        "time zone. Two circles running (Europe, West Africa); looking for "
                        "mentors in the Americas and Asia."
                    ),
                ),
            ),
        ),
    ),
    threads=threads_research.THREADS,
)  # fmt: skip

TEACHERS = CommunitySpec(
    slug="rural-classrooms-circle",
    name="Rural Classrooms Circle",
    purpose=(
        "A private circle for teachers in small, remote and rural primary schools — often "
        "the only teacher for miles — to share what works in multi-grade classrooms and to "
        "support each other."
    ),
    values="Trust, equality between colleagues, and patience with each other's days.",
    visibility="private",
    join_policy="invitation",
    timezone="UTC",
    founder="grace.whitfield",
    days_ago=45,
    charter=charters.TEACHERS_V1,
    welcome_title="Welcome to the circle",
    welcome_body=(
        "Hello and welcome. I'm Grace, teaching principal of a small school in north-east "
        "Victoria. I started this circle after a conference where the best conversation was "
        "in the corridor, between three of us from one-teacher schools.\n\nPlease say "
        "hello: where your school is (roughly — no names needed), how many children, and "
        "what you'd love help with."
    ),
    members=(
        Joining("eilidh.mackay", 44, by="grace.whitfield"),
        Joining("samuel.otieno", 42, by="grace.whitfield"),
        Joining("marisol.quispe", 41, by="grace.whitfield"),
        Joining("liam.oconnor", 40, by="grace.whitfield"),
        Joining("kiri.walker", 38, by="grace.whitfield"),
        Joining("bjorn.lindqvist", 35, by="eilidh.mackay"),
        Joining("joanna.kowalska", 30, by="liam.oconnor"),
        Joining("ana.lima", 20, by="grace.whitfield",
                note="I'm a public health nurse; I evaluate school health programmes, and "
                     "Grace invited me to listen to how they look from the teachers' side."),
    ),
    goals=(
        GoalSpec(
            "grace.whitfield", 40, "Meet online once a month, after school hours",
            "One hour, a round of news, one topic chosen in advance.",
            (
                GoalChange(
                    20, "kiri.walker",
                    "After school hours in Aotearoa is 6 a.m. in Scotland.",
                    description=(
                        "Two slots a month: 07:30 UTC for Oceania and Asia, 18:00 UTC for "
                        "Europe, Africa and the Americas. Same topic in both."
                    ),
                ),
            ),
        ),
        GoalSpec(
            "eilidh.mackay", 25, "Collect 20 multi-grade lesson ideas we have actually tried",
            "Only things tried in a real classroom, with what went wrong.",
        ),
    ),
    threads=threads_teachers.THREADS,
)  # fmt: skip

ENERGY = CommunitySpec(
    slug="community-energy-commons",
    name="Community Energy Commons",
    purpose=(
        "Energy cooperatives, tenant organisers, engineers, council officers, researchers "
        "and civic technologists learning together how neighbourhoods can make, share and "
        "save their own energy — starting from the people who pay the bills."
    ),
    values="Energy justice. Honest numbers. Decisions by consent.",
    visibility="public",
    join_policy="open",
    timezone="UTC",
    founder="pedro.alves",
    days_ago=300,
    charter=charters.ENERGY_V1,
    welcome_title="Introductions: who are you and where is your energy project?",
    welcome_body=(
        "Olá! I'm Pedro, co-founder of a neighbourhood solar cooperative in Lisbon. We "
        "made every mistake at least once, and I'd like others to make fewer.\n\nPlease "
        "tell us who you are, where you are, and what your project or question is."
    ),
    members=(
        Joining("rosa.jimenez", 298),
        Joining("ben.carter", 290),
        Joining("ines.moreau", 285),
        Joining("chiara.rossi", 270),
        Joining("noah.fischer", 260),
        Joining("aisha.bello", 240),
        Joining("ingrid.solberg", 220),
        Joining("david.kim", 200),
        Joining("tariq.hussain", 170),
        Joining("henrik.larsen", 120),
        Joining("claire.dubois", 90,
                note="I publish regional statistics in Lyon, energy poverty among them, and "
                     "I'd like to learn what would make them useful to groups like yours."),
        Joining("ana.lima", 60,
                note="I'm on the board of my neighbourhood's energy co-op in Toronto, and in "
                     "my day job I look at how cold homes affect health."),
    ),
    stewards=(StewardSpec("rosa.jimenez", "pedro.alves", 200),),
    charter_changes=(
        CharterChange(
            "rosa.jimenez", 210, charters.ENERGY_V2,
            "After the batteries discussion: installers and consultants here know a lot, "
            "and we want their advice. A simple rule to declare interests keeps it "
            "trustworthy. Also a line on acronyms.",
            responses=(
                ("pedro.alves", "consent", ""),
                ("ines.moreau", "consent", ""),
                ("ben.carter", "concern",
                 "Happy to declare, I already do. Please let's not end up where installers "
                 "can't recommend anything — we know things."),
                ("chiara.rossi", "consent", ""),
                ("noah.fischer", "consent", "The acronym rule is my favourite part."),
            ),
        ),
    ),
    goals=(
        GoalSpec(
            "pedro.alves", 290, "Hold a peer visit to a working energy community",
            "Seeing a working community is worth ten calls.",
            (
                GoalChange(
                    150, "chiara.rossi",
                    "Twelve of us visited Val di Sole's hydro plant; notes are in the thread.",
                    status="achieved",
                ),
            ),
        ),
        GoalSpec(
            "ines.moreau", 250, "Publish a plain-language guide to starting an energy community",
            "From the first meeting to the first kilowatt-hour.",
            (
                GoalChange(
                    140, "ines.moreau",
                    "The whole journey was too much; we write the first six steps and link "
                    "out for the rest.",
                    title="Publish a plain-language guide: the first six steps of an energy "
                          "community",
                ),
            ),
        ),
        GoalSpec(
            "noah.fischer", 200, "Build an open dataset of community energy projects",
            "Projects in our members' countries, with size, ownership and year.",
            (
                GoalChange(
                    70, "noah.fischer",
                    "Other projects already do this well; we contribute to them instead.",
                    status="retired",
                ),
            ),
        ),
        GoalSpec(
            "rosa.jimenez", 60, "Run an energy-bill clinic every winter month",
            "Saturday clinics in community centres, with a shared checklist.",
        ),
    ),
    threads=threads_energy.THREADS,
)  # fmt: skip

COMMUNITIES = (HEALTH, RESEARCH, TEACHERS, ENERGY)
