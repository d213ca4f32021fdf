"""Conversations of the Rural Classrooms Circle: a small private circle of teachers in remote
schools, six weeks old, still getting to know each other."""

from .spec import Reply, Thread

THREADS = (
    Thread(
        "grace.whitfield", "discussion", 43,
        "What does a good week look like in your classroom?",
        "To get us started: not the ideal week, a real good one. What happened, what made "
        "it work?\n\nMine: last week the Year 1s and the Year 6s built a rain gauge together "
        "for our creek project. The little ones did the measuring, the big ones did the "
        "graphs, and everybody argued about whether 12 mm is \"a lot\".",
        ("reflection", "place-based-learning"),
        (
            Reply(
                "eilidh.mackay",
                "A good week is one where the ferry runs every day. Seriously though: on "
                "Thursday the oldest girl taught the P1s a Gaelic song she'd learned from her "
                "granny, and I didn't have to do anything except hold the door.",
                thanked_by=("grace.whitfield",),
            ),
            Reply(
                "samuel.otieno",
                "We had visitors from the county office and the children presented their "
                "maize-growth chart in English and Dholuo. Sixty children and not one of them "
                "was shy that day.",
                thanked_by=("grace.whitfield", "marisol.quispe"),
            ),
            Reply(
                "marisol.quispe",
                "My good week: a parent came in to teach weaving patterns and we used them "
                "for symmetry in maths. The children corrected my Quechua in front of their "
                "parents, which they enjoyed very much.",
            ),
            Reply(
                "liam.oconnor",
                "A week without an inspection letter. Also, the bog walk — mud to the knees, "
                "best science lesson of the term.",
            ),
        ),
    ),
    Thread(
        "samuel.otieno", "question", 40,
        "Multi-grade timetable: how do you avoid teaching three lessons at once?",
        "From January I will have Grades 4, 5 and 6 together because a colleague was "
        "transferred and not replaced. I've never taught multi-grade. How do you organise a "
        "day without running between three groups all the time?",
        ("multi-grade-teaching", "timetabling"),
        (
            Reply(
                "grace.whitfield",
                "Welcome to the club, Samuel — it gets better, I promise. What works for me:\n\n"
                "1. **Common topic, different tasks.** Everyone studies \"water\"; Grade 4 "
                "measures, Grade 5 compares, Grade 6 explains. You introduce it once.\n"
                "2. **Stagger direct teaching.** While you teach one group for 15 minutes, "
                "the others do practice they already know how to do.\n"
                "3. **Older pupils as helpers**, but for short, named jobs, not as unpaid "
                "teachers.\n"
                "4. **Same routine every day** so nobody has to ask what's next.\n"
                "5. A **\"help card\"** on each desk: green means fine, red means stuck. You "
                "read the room at a glance.",
                thanked_by=("samuel.otieno", "liam.oconnor", "joanna.kowalska"),
            ),
            Reply(
                "eilidh.mackay",
                "Point 2 is the key one for me. And accept that some days you will run "
                "between groups. That's not failure, that's Tuesday.",
                thanked_by=("samuel.otieno",),
            ),
            Reply(
                "bjorn.lindqvist",
                "For maths I teach the same concept at three depths at the same time, on the "
                "same board, in three colours. Children look at \"their\" colour but "
                "sometimes peek at the next one, which is the best thing that can happen.",
            ),
            Reply(
                "samuel.otieno",
                "Thank you @Grace Whitfield. The common topic idea will save me — our "
                "textbooks are different per grade but the topics overlap more than I "
                "thought. I will try the help cards with bottle tops, red and green.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "eilidh.mackay", "practice", 36,
        "One text, three levels: our Friday reading routine",
        "Every Friday we read one text together — a poem, a news story, a page from a local "
        "history book. Here's the routine:\n\n1. I read it aloud once, everyone listens.\n"
        "2. **P1–P2** find words they know and draw the story.\n3. **P3–P5** answer "
        "\"who, where, what happened\" questions.\n4. **P6–P7** write what the author "
        "wanted us to feel, and how they did it.\n5. Last ten minutes: each group shares, "
        "youngest first.\n\nThe older ones are always surprised by what the little ones "
        "noticed.",
        ("literacy", "multi-grade-teaching"),
        (
            Reply(
                "marisol.quispe",
                "I'll try this with a Quechua story. Step 5, youngest first, is very "
                "important in my class — otherwise the older boys talk over everyone.",
                thanked_by=("eilidh.mackay",),
            ),
            Reply(
                "kiri.walker",
                "We do something similar with pūrākau (traditional stories). The little ones "
                "act it out instead of drawing. Loud, but they remember everything.",
                thanked_by=("eilidh.mackay", "grace.whitfield"),
            ),
            Reply(
                "samuel.otieno",
                "Can this work with 60 children and one copy of the text? I could write it "
                "on the board, maybe.",
            ),
            Reply(
                "eilidh.mackay",
                "@Samuel Otieno I think so — reading aloud does most of the work. The board "
                "for the older group's questions, and the younger ones only need to listen "
                "and draw.",
                reply_to=2,
            ),
        ),
    ),
    Thread(
        "kiri.walker", "practice", 33,
        "Learning outside when the weather is wild",
        "Our kura is on the coast and the weather changes four times a day. We've stopped "
        "treating bad weather as a reason to stay in. What we do:\n\n- Spare gumboots and "
        "raincoats at school (donated, never asked for from whānau)\n- A \"weather "
        "journal\" that the kids take turns writing — the wild days make the best entries\n"
        "- Short, sharp outdoor blocks (20 minutes) when it's rough, longer when it's "
        "kind\n- Safety rule everyone knows: if the wind is loud enough that you can't hear "
        "the whistle, we go in.",
        ("outdoor-learning", "safety"),
        (
            Reply(
                "bjorn.lindqvist",
                "In Jämtland we say there's no bad weather, only bad clothes — but the "
                "donated clothes point is the important one. Not every family can buy them.",
                thanked_by=("kiri.walker",),
            ),
            Reply(
                "eilidh.mackay",
                "The whistle rule is brilliant in its simplicity. Stealing it.",
            ),
            Reply(
                "liam.oconnor",
                "I'd love to do more of this but our insurance form is nine pages. Does "
                "anyone have a risk assessment they'd share? Not the children's details, just "
                "the template.",
            ),
            Reply(
                "kiri.walker",
                "@Liam O'Connor I'll post ours (one page!) next week.",
                reply_to=2,
                thanked_by=("liam.oconnor",),
            ),
        ),
    ),
    Thread(
        "liam.oconnor", "question", 30,
        "How do you handle admin when you are also the whole staff?",
        "Teaching principal, two teachers, no secretary. The department sends forms that "
        "assume an office. I do them on Sunday nights and I'm tired. How are you managing "
        "it — and is there anything you've simply stopped doing?",
        ("school-leadership", "wellbeing"),
        (
            Reply(
                "grace.whitfield",
                "Three things I do:\n\n1. **One admin afternoon a week**, timetabled, with a "
                "relief teacher if the budget allows. Sunday nights are off limits.\n2. "
                "**A folder of \"done before\" answers.** Half the forms ask the same "
                "questions every year.\n3. **I ask the department which forms are actually "
                "read.** Twice they admitted one wasn't, and I stopped.",
                thanked_by=("liam.oconnor", "eilidh.mackay"),
            ),
            Reply(
                "eilidh.mackay",
                "I share a business manager with four other island schools. It took two "
                "years of asking. Worth finding out if your area could do a cluster.",
            ),
            Reply(
                "joanna.kowalska",
                "In Poland small rural schools formed associations partly for this reason — "
                "shared administration. I can send a short summary of how they set it up, if "
                "it's useful.",
                thanked_by=("liam.oconnor",),
            ),
        ),
        answer=0,
    ),
    Thread(
        "marisol.quispe", "idea", 25,
        "Swap letters between our classes?",
        "Idea: our classes write letters to each other — about where we live, what we eat, "
        "what the weather does. My pupils have never met a child from outside Peru.\n\n"
        "I know we have rules about children's names and photos, so: how could we do it "
        "safely?",
        ("pen-pals", "place-based-learning"),
        (
            Reply(
                "samuel.otieno",
                "My class would love this! English is a shared language for us, or the "
                "letters could be in any language and we translate together — that's a lesson "
                "too.",
            ),
            Reply(
                "grace.whitfield",
                "To keep within our charter: first names only or pen names, drawings instead "
                "of photos, and letters go teacher to teacher as scans, never posted here. "
                "Families told and able to say no.",
                thanked_by=("marisol.quispe", "kiri.walker", "eilidh.mackay"),
            ),
            Reply(
                "kiri.walker",
                "Pen names chosen by the kids — they'll love that part. We're in.",
            ),
            Reply(
                "bjorn.lindqvist",
                "We're in too. Snow drawings guaranteed.",
            ),
            Reply(
                "eilidh.mackay",
                "Could we pair classes across hemispheres? Then the letters about seasons "
                "are genuinely surprising.",
            ),
        ),
    ),
    Thread(
        "bjorn.lindqvist", "question", 18,
        "Maths games that work across ages 6 to 12",
        "Looking for maths games where a 6-year-old and a 12-year-old can play together and "
        "both actually learn something. What works in your classroom?",
        ("numeracy", "multi-grade-teaching", "games"),
        (
            Reply(
                "marisol.quispe",
                "Market game: the little ones are sellers (counting, giving change with real "
                "coins), the older ones run the shop's accounts and work out the profit. We "
                "use potatoes and beans as goods.",
                thanked_by=("bjorn.lindqvist", "samuel.otieno"),
            ),
            Reply(
                "samuel.otieno",
                "Bottle-top target throwing: young ones count the points, older ones have to "
                "multiply by the ring's value, and the oldest keep a running average.",
            ),
            Reply(
                "liam.oconnor",
                "\"Guess my number\" with different ranges. The youngest guesses from 1–20, "
                "the oldest from 1–1000 and has to explain their strategy.",
            ),
        ),
    ),
    Thread(
        "joanna.kowalska", "discussion", 12,
        "Would you take part in a study about rural multi-grade teaching?",
        "I want to ask this openly rather than privately. I'm planning a study on how rural "
        "teachers learn from each other, and this circle is exactly that. I'd never use "
        "anything from here without asking — but would any of you *want* to take part, and "
        "on what terms?",
        ("research-practice-partnerships", "consent"),
        (
            Reply(
                "liam.oconnor",
                "I'll be honest, Joanna: I've taken part in three studies and never heard "
                "back from any of them. My terms would be that we see the findings first, and "
                "that there's something in it for the schools, not just the paper.",
                thanked_by=("joanna.kowalska", "grace.whitfield"),
            ),
            Reply(
                "grace.whitfield",
                "I'd be happy to, with Liam's terms. And nothing from this space — it should "
                "stay a place where we can say we had a terrible day without it becoming "
                "data.",
                thanked_by=("joanna.kowalska", "eilidh.mackay"),
            ),
            Reply(
                "samuel.otieno",
                "I would like to take part. It is rare that anyone asks rural Kenyan "
                "teachers anything.",
            ),
            Reply(
                "joanna.kowalska",
                "Thank you — these are exactly the terms I'd hope to meet. Nothing from "
                "this space, findings to you first, and I'll build in a resource for the "
                "schools. I'll write a one-page plan and post it for comments before "
                "anything else happens.",
            ),
        ),
    ),
    Thread(
        "ana.lima", "question", 6,
        "School health visits in small schools: what helps and what disrupts?",
        "I'm evaluating a school health programme that sends nurses to rural schools for "
        "vision, hearing and vaccination checks. I'd like to hear from the teachers' side "
        "before I talk to anyone else: what makes these visits helpful, and what makes them "
        "a disruption?",
        ("school-health", "evaluation"),
        (
            Reply(
                "eilidh.mackay",
                "Helpful: a date agreed with me, not announced. Disruptive: arriving during "
                "the one hour I have the whole school together for reading. Also — tell the "
                "children what's going to happen in words they understand. Half my P1s thought "
                "the hearing test was a punishment.",
                thanked_by=("ana.lima",),
            ),
            Reply(
                "grace.whitfield",
                "Please send results to families in plain language, and copy the school only "
                "when the family agrees. In a school of 31, a letter home is read by everyone.",
                thanked_by=("ana.lima",),
            ),
            Reply(
                "marisol.quispe",
                "A nurse who speaks Quechua, even a little, changes everything. Last year "
                "the children hid from the vaccination team.",
            ),
        ),
    ),
    Thread(
        "samuel.otieno", "question", 1,
        "Low-cost reading books in the children's home languages?",
        "Most of my pupils speak Dholuo at home, and our reading books are all in English or "
        "Kiswahili. Does anyone know of free or cheap storybooks in local languages — or "
        "have you made your own?",
        ("literacy", "bilingual-education"),
        (
            Reply(
                "marisol.quispe",
                "We made our own: the children dictated stories from their grandparents, we "
                "wrote them down, and the older pupils illustrated them. Twelve books in one "
                "term, and they are the most borrowed books in our school.",
                thanked_by=("samuel.otieno",),
            ),
        ),
    ),
)  # fmt: skip
