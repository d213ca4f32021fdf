"""Conversations of the Community Health Practice Network: a mature network, two years of
questions answered, practices shared and disagreements worked through."""

from .spec import Reply, Thread

THREADS = (
    Thread(
        "tomas.herrera", "question", 640,
        "Sharing neighbourhood surveillance data without identifying anyone?",
        "We want to give the neighbourhood health committees in our district their own "
        "numbers — dengue notifications, diabetes admissions, vaccination coverage — instead "
        "of a PDF for the ministry that nobody local ever reads.\n\n"
        "The problem: at neighbourhood level some counts are 1, 2 or 3 people, and in a small "
        "place everyone knows who that is.\n\nHow do others share local data back without "
        "exposing anyone? Thresholds, aggregation, something else?",
        ("open-data", "privacy", "surveillance"),
        (
            Reply(
                "priya.raman",
                "Not a statistician, but from the community side: the committees we work with "
                "cared far less about exact counts than about *direction*. \"More than last "
                "year\", \"higher than the district\" — that was what they could act on.",
                thanked_by=("tomas.herrera",),
            ),
            Reply(
                "ana.lima",
                "What worked in Toronto for us, step by step:\n\n"
                "1. **Suppress any cell under 5**, and also suppress a second cell where the "
                "first could be worked out by subtraction from a total.\n"
                "2. Aggregate in time before you aggregate in space: three years pooled for a "
                "neighbourhood is often better than one year for a bigger area.\n"
                "3. Show **rates with intervals**, not counts, and say in plain words when an "
                "interval is too wide to mean much.\n"
                "4. Most important: sit with the committee *before* publishing and let them "
                "read the draft. Twice they spotted a number that would have pointed at one "
                "family.\n\n"
                "Happy to share our suppression script if useful.",
                thanked_by=("tomas.herrera", "naledi.dlamini", "priya.raman"),
            ),
            Reply(
                "naledi.dlamini",
                "@Ana Lima point 4 is the whole thing, I think. The data is about them; they "
                "should see it first.",
                reply_to=1,
            ),
            Reply(
                "tomas.herrera",
                "Thank you both. We will pool three years and run a reading session with the "
                "committee in Lo Espejo first. @Ana Lima yes please to the script — I'll "
                "translate the comments into Spanish and post it back here.",
            ),
        ),
        answer=1,
    ),
    Thread(
        "carlos.mendoza", "practice", 602,
        "Our first-home-visit checklist (promotores version)",
        "New promotoras always ask what to do on a first visit, so we wrote it down. This is "
        "what we use in Tucson; change anything that doesn't fit where you work.\n\n"
        "**Before**\n\n- Call or message the day before. Say your name, who sent you, and how "
        "long you will stay (we say 40 minutes and keep to it).\n- Tell a colleague where you "
        "are going and when you'll be back.\n\n**At the door**\n\n- Wait to be invited in. "
        "Ask where they'd like you to sit.\n- Say what you will *not* do: we don't report to "
        "immigration, we don't judge the house.\n\n**During**\n\n- Start with what *they* "
        "want help with, even if the referral said something else.\n- One topic only. Write "
        "down their words, not yours.\n\n**Before leaving**\n\n- Agree on one small next step "
        "and the date of the next contact.\n- Leave your number on paper; phones get lost.\n\n"
        "**After**\n\n- Notes the same day. Check in with your colleague.",
        ("home-visits", "onboarding", "safety"),
        (
            Reply(
                "naledi.dlamini",
                "This is beautiful, Carlos. \"Say what you will not do\" — we never wrote that "
                "down and it is exactly what builds trust in the first five minutes. Can we put "
                "this in the toolkit as the first practice sheet?",
                thanked_by=("carlos.mendoza",),
            ),
            Reply(
                "kwame.mensah",
                "For HIV home visits we add one thing at the door: agree a *reason for the "
                "visit* the family can give to neighbours. Some of our clients have not told "
                "their households, and a clinic worker at the door can disclose for them.",
                thanked_by=("carlos.mendoza", "priya.raman", "ana.lima"),
            ),
            Reply(
                "carlos.mendoza",
                "@Kwame Mensah that's a very good addition — we have the same issue with "
                "immigration status. Adding it as \"agree a cover story if they need one\".",
                reply_to=1,
            ),
            Reply(
                "ana.lima",
                "Yes to the toolkit. I'll draft the sheet in the template and tag you both to "
                "check it.",
            ),
        ),
    ),
    Thread(
        "moana.tupou", "question", 470,
        "Health sessions in church halls without it becoming a sermon?",
        "A lot of my work happens in Pacific churches — it is where the families are on a "
        "Sunday afternoon. Ministers are supportive, but sessions can slide into either a "
        "lecture or a sermon, and the people who most need to talk say nothing.\n\nHow do "
        "others run health conversations in faith settings so that people actually talk?",
        ("faith-communities", "facilitation"),
        (
            Reply(
                "carlos.mendoza",
                "We do a lot in parishes. Two things helped: ask the priest to open and then "
                "*leave the room* for the discussion part (he agreed once we explained why), "
                "and split by age and gender for the sensitive topics.",
            ),
            Reply(
                "naledi.dlamini",
                "Start with food and with stories, not information. We ask: \"tell us about "
                "someone in your family who lived a long, healthy life — what did they do?\" "
                "People talk about their grandmothers for twenty minutes and then the "
                "conversation about diabetes is theirs, not ours.\n\nAnd we never run it "
                "alone: one facilitator from the congregation, one from the health side.",
                thanked_by=("moana.tupou", "leila.haddad"),
            ),
            Reply(
                "kwame.mensah",
                "In Accra we trained church health committee members as co-facilitators. It "
                "took three months but now they run sessions without us.",
            ),
            Reply(
                "moana.tupou",
                "The grandmother question is going straight into next Sunday. Thank you "
                "@Naledi Dlamini — and @Carlos Mendoza, I will try asking our minister to step "
                "out; I think he will actually be relieved.",
            ),
        ),
        answer=1,
    ),
    Thread(
        "arjun.nair", "question", 505,
        "Role-play scenarios for training on disclosure conversations?",
        "I train groups of 30–40 ASHA workers. Role-play works well for maternal health, but "
        "when we practise conversations where someone discloses violence or an HIV status, it "
        "either gets giggly or far too real for some trainees.\n\nDoes anyone have scenarios "
        "(and a way of running them) that are safe for the trainees themselves?",
        ("training-design", "role-play", "safety"),
        (
            Reply(
                "priya.raman",
                "From research interviews, not training, but: write scenarios about a "
                "*fictional* person with a name and a full life, never \"imagine you are…\". "
                "Distance protects people. And always tell trainees they can step out without "
                "saying why.",
                thanked_by=("arjun.nair",),
            ),
            Reply(
                "carlos.mendoza",
                "Our format, which has survived about 20 groups:\n\n"
                "1. Trios: one speaker, one listener, one observer with a short checklist.\n"
                "2. The speaker reads from a card — they never improvise their own story.\n"
                "3. Five minutes, then the observer speaks first, about what the listener "
                "*did*, not what they should have done.\n"
                "4. Rotate roles. Everybody listens once.\n"
                "5. Close with a round that has nothing to do with the topic (what are you "
                "eating tonight?). It brings people back.\n\n"
                "I can share our cards in Spanish and English.",
                thanked_by=("arjun.nair", "naledi.dlamini", "olga.petrova"),
            ),
            Reply(
                "kwame.mensah",
                "+1 to cards. We had a trainee disclose her own status in an improvised role "
                "play once. She was fine in the end, but she should have chosen that moment, "
                "not been pushed into it by an exercise.",
            ),
            Reply(
                "arjun.nair",
                "Cards and the closing round — yes. I'll translate the cards into Malayalam. "
                "@Carlos Mendoza if you send them I'll post the translation here for anyone "
                "working in Kerala.",
            ),
        ),
        answer=1,
    ),
    Thread(
        "naledi.dlamini", "discussion", 452,
        "We go quiet every December. Is that a problem?",
        "Looking at the last two years: posts drop to almost nothing from mid-December to "
        "late January, and it takes a few weeks to pick up again. Some of me thinks we should "
        "plan something to keep energy up. Another part thinks this is simply what a "
        "community of people with real jobs looks like.\n\nWhat do you think?",
        ("sustainability", "rhythm"),
        (
            Reply(
                "sarah.cohen",
                "In the networks I've studied, seasonal quiet wasn't a warning sign. What did "
                "predict decline was *unanswered questions* piling up. A quiet month with "
                "nothing left hanging is healthy.",
                thanked_by=("naledi.dlamini", "ana.lima"),
            ),
            Reply(
                "carlos.mendoza",
                "I'd gently disagree that we should plan something. December is our busiest "
                "month in the field — heat is gone, but holidays mean families are together and "
                "we do more visits. Please don't give me one more meeting!",
            ),
            Reply(
                "moana.tupou",
                "For us in the south it's summer holidays, and the same. Maybe name it: \"we "
                "rest in December\", so nobody feels guilty and nobody thinks the network is "
                "dying.",
                thanked_by=("naledi.dlamini", "carlos.mendoza"),
            ),
            Reply(
                "ana.lima",
                "I like Moana's idea. Suggestion: the last post before the break lists any "
                "open questions, so someone can pick them up in January — that covers "
                "Sarah's point too.",
            ),
            Reply(
                "naledi.dlamini",
                "Settled, then: we rest in December, and I will post the list of open "
                "questions before we do. Thank you all, I feel lighter.",
            ),
        ),
    ),
    Thread(
        "fatima.benali", "idea", 418,
        "A shared glossary of health terms in our languages",
        "Every interpreter I know keeps a private glossary. Every community health worker I "
        "know has their own way of explaining \"blood pressure\" or \"viral load\" in words "
        "people actually use.\n\nIdea: a shared glossary, one term per row, with plain "
        "explanations in the languages our members work in — and a column for *how people "
        "actually say it* in the community.",
        ("language-justice", "health-literacy"),
        (
            Reply(
                "priya.raman",
                "Yes. In my interviews women described their viral load as \"the number "
                "that says if I can have a baby safely\". No glossary has that, and it's the "
                "most accurate definition I've heard.",
                thanked_by=("fatima.benali", "kwame.mensah"),
            ),
            Reply(
                "moana.tupou",
                "I can add Tongan. Some of our words for illness carry a meaning about family "
                "obligation that doesn't translate at all — would there be room for notes?",
            ),
            Reply(
                "fatima.benali",
                "@Moana Tupou absolutely — a notes column is probably the most valuable part.",
                reply_to=1,
            ),
            Reply(
                "arjun.nair",
                "Malayalam from me. Could we start small? Twenty terms that come up in every "
                "home visit, rather than trying to be a dictionary.",
                thanked_by=("fatima.benali",),
            ),
        ),
    ),
    Thread(
        "ana.lima", "practice", 381,
        "Evaluating a peer programme with the people in it: our \"mirror session\"",
        "We were asked to evaluate a peer-support programme and I did not want to be the "
        "evaluator who arrives with a survey and leaves with a report. This is the format we "
        "ended up with. It takes one afternoon.\n\n"
        "## Before\n\nWe prepare a few simple charts from the programme's own records — "
        "contacts per month, referrals, who is reached and who isn't. No interpretation, "
        "just the charts.\n\n## The session (2½ hours)\n\n1. **Round** (20 min): one thing "
        "you're proud of from this year.\n2. **Look at the mirror** (40 min): peers walk "
        "around the charts in pairs and write on sticky notes what surprises them and what "
        "is missing.\n3. **Explain it to us** (40 min): the group tells the evaluators what "
        "the charts mean. We only ask questions.\n4. **What would you change?** (30 min): "
        "three changes, chosen by dot voting.\n5. **Closing round** (20 min).\n\n"
        "## After\n\nThe report is written from the sticky notes and the recording, and "
        "goes back to the group *before* it goes to the funder.\n\n## What went wrong\n\n"
        "The first time, a manager sat in and the room went quiet. Now managers get their own "
        "session.",
        ("program-evaluation", "participatory-methods", "facilitation"),
        (
            Reply(
                "sarah.cohen",
                "This is lovely, and the \"what went wrong\" section is the most useful part. "
                "Did the funder accept a report built this way?",
            ),
            Reply(
                "ana.lima",
                "@Sarah Cohen they did — we added the numbers they needed in an appendix, and "
                "the body of the report became the peers' explanation of them. The program "
                "officer said it was the first evaluation she had read to the end.",
                reply_to=0,
                thanked_by=("sarah.cohen", "kwame.mensah"),
            ),
            Reply(
                "kwame.mensah",
                "Trying this with our adherence counsellors next month. One question: how do "
                "you handle people who don't read well, with the charts?",
            ),
            Reply(
                "tomas.herrera",
                "@Kwame Mensah we did something similar with pictograms — one little figure "
                "per ten people. Counting figures works for everyone.",
                reply_to=2,
                thanked_by=("kwame.mensah",),
            ),
            Reply(
                "naledi.dlamini",
                "Adding this to the toolkit resources. Thank you Ana.",
            ),
        ),
    ),
    Thread(
        "julien.martin", "discussion", 311,
        "Should case consultations move to a private space?",
        "I've put a charter proposal up to make the network private. My reason: in the "
        "monthly case consultations people share situations from practice that, even "
        "de-identified, feel too exposed on a public page. In a region like mine, three "
        "details are enough to recognise a family.\n\nI know this is a big change, so I "
        "wanted to explain it here and hear the objections properly.",
        ("privacy", "charter"),
        (
            Reply(
                "priya.raman",
                "Thank you for raising it openly, Julien. I'm going to object, and I want to "
                "say why kindly: the reason I found this network is that it is public. Most "
                "CHWs in the world will never be invited into a private group. If we close, "
                "we become a club.\n\nCould we instead keep *case* discussions off the "
                "platform — on the calls, not written down — and keep everything else public?",
                thanked_by=("carlos.mendoza", "naledi.dlamini"),
            ),
            Reply(
                "carlos.mendoza",
                "I agree with Priya. And Julien, your worry is real: I've seen posts here I "
                "wouldn't want a client to find. Maybe the answer is a stricter rule, not a "
                "closed door.",
            ),
            Reply(
                "julien.martin",
                "That's fair. If case stories stay on the calls, most of my concern goes "
                "away. I'll leave the proposal open so the process runs, but I'm happy for "
                "the objection to stand.",
            ),
            Reply(
                "ana.lima",
                "Summary for anyone catching up: we keep the network public; case "
                "consultations are spoken, not written; and we'll propose a charter line "
                "about it in the next revision. Thank you all for how this was discussed.",
                thanked_by=("julien.martin", "priya.raman", "moana.tupou"),
            ),
        ),
    ),
    Thread(
        "olga.petrova", "question", 283,
        "Video-observed therapy: what do patient supporters actually do on the call?",
        "We are moving some TB patients from daily clinic visits to video-observed therapy. "
        "The protocol says the supporter \"observes the dose\". In practice, I think good "
        "supporters do much more, and I'd like to describe it properly before we train the "
        "next group.\n\nWhat happens on your calls besides watching someone swallow a pill?",
        ("treatment-support", "tuberculosis", "task-sharing"),
        (
            Reply(
                "kwame.mensah",
                "For ART adherence calls our counsellors do three things besides watching:\n\n"
                "- ask about side effects in the person's own words (\"how is your stomach\", "
                "not \"any nausea?\")\n- notice the room: is someone else there, can they "
                "talk?\n- end with one human sentence that isn't about the medicine.\n\n"
                "The last one sounds small. Patients say it's the reason they pick up.",
                thanked_by=("olga.petrova", "arjun.nair", "leila.haddad"),
            ),
            Reply(
                "arjun.nair",
                "Our ASHAs often solve practical problems on the call — a missed bus, no phone "
                "credit, a mother-in-law who thinks the pills cause the cough. That's the "
                "real work, and it's never in the job description.",
            ),
            Reply(
                "olga.petrova",
                "\"Notice the room\" — exactly the kind of thing I was looking for. Thank you "
                "@Kwame Mensah, I'll write this into our training with your name on it.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "leila.haddad", "question", 232,
        "Noticing burnout in community health volunteers early",
        "Our volunteers live in the same camp as the families they support. They are never "
        "off duty — neighbours knock at night. We lost three of our best volunteers this "
        "year, and each time I only noticed when they had already decided to stop.\n\nWhat "
        "early signs do you watch for, and what do you do when you see them?",
        ("volunteer-care", "wellbeing", "mental-health"),
        (
            Reply(
                "naledi.dlamini",
                "The first sign for us is almost always *over*-work, not under-work: the "
                "volunteer who takes every call, skips the team meeting because they are "
                "\"too busy\", stops joking. By the time someone withdraws, it's late.\n\n"
                "What we do:\n\n1. A fortnightly check-in in pairs, with one question only: "
                "*what is taking more than it gives?*\n2. A rule that everyone has one day a "
                "week when their phone is held by a colleague.\n3. Stewards model it. If the "
                "coordinator never rests, nobody will.",
                thanked_by=("leila.haddad", "moana.tupou", "fatima.benali", "ana.lima"),
            ),
            Reply(
                "carlos.mendoza",
                "Same for promotoras living in the colonias. We started paying for a "
                "monthly group session with a counsellor — not \"therapy\", just a room. "
                "Attendance was low until we served dinner.",
            ),
            Reply(
                "moana.tupou",
                "Notice who stops *asking* for help. In my team the quiet ones burn out first.",
                thanked_by=("leila.haddad",),
            ),
            Reply(
                "leila.haddad",
                "The phone-holding rule is something we can start on Sunday. Thank you — "
                "I'll report back in a month on whether people actually hand their phones "
                "over.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "fatima.benali", "practice", 201,
        "Booking an interpreter for a call: what I've learned from 40 bookings",
        "Since we started offering interpretation on our calls I have booked about forty "
        "sessions. Some lessons, in the order you'll need them:\n\n"
        "1. **Book two weeks ahead.** Good medical interpreters are booked out.\n"
        "2. **Send the agenda and any slides 48 hours before.** Interpreters prepare "
        "vocabulary; without preparation, quality drops sharply.\n"
        "3. **One interpreter per language per hour.** After an hour, a second one, or a "
        "break.\n"
        "4. **Use the platform's interpretation channels**, not a side call. It sounds "
        "technical but makes the difference between exhausting and usable.\n"
        "5. **Speakers: slow down, one idea per sentence**, and never speak over each other "
        "— the facilitator enforces this for everyone's sake.\n"
        "6. **Pay on time.** Many of us are freelancers.\n\n"
        "Cost so far: about 90 € per language per hour.",
        ("interpretation-access", "meeting-design"),
        (
            Reply(
                "ana.lima",
                "Point 5 improved our calls even for people who don't use interpretation. "
                "Slower turned out to be better for everyone.",
                thanked_by=("fatima.benali",),
            ),
            Reply(
                "leila.haddad",
                "Thank you for the cost figure — I can put it in our next grant proposal "
                "with a source.",
            ),
            Reply(
                "tomas.herrera",
                "Would you share the email template you send interpreters with the agenda? "
                "I'm terrible at these.",
            ),
            Reply(
                "fatima.benali",
                "@Tomás Herrera here it is, translate freely:\n\n> Hello, thank you for "
                "interpreting on [date]. Attached: agenda, slides, and a list of ten terms "
                "that will come up. Speakers are community health workers; expect informal "
                "language and some regional expressions. Questions to me any time.",
                reply_to=2,
                thanked_by=("tomas.herrera",),
            ),
        ),
    ),
    Thread(
        "sarah.cohen", "discussion", 152,
        "When the grant ended: what happened to your programme?",
        "I'm writing up what keeps community health worker networks going after their first "
        "grant, and I'd rather learn from you than from the literature (which is mostly "
        "written about programmes that didn't survive).\n\nIf your programme outlived a "
        "grant: what did you keep, and what did you let go?",
        ("sustainability", "funding"),
        (
            Reply(
                "naledi.dlamini",
                "We kept the people and let go of the size. When our first grant ended we "
                "went from 40 paid CHWs to 12, and the 12 trained volunteers in their own "
                "streets. Two years later we had more reach with less money, but it cost "
                "people their jobs and I won't pretend it didn't.",
                thanked_by=("sarah.cohen",),
            ),
            Reply(
                "leila.haddad",
                "Honest answer: our programme survives by moving from grant to grant, each "
                "with a slightly different name. The work stays the same. It's exhausting.",
                thanked_by=("sarah.cohen", "carlos.mendoza"),
            ),
            Reply(
                "arjun.nair",
                "In India the ASHA programme is government funded, so it \"survives\", but "
                "the incentives haven't kept up with prices. Survival isn't the same as "
                "sustaining people.",
            ),
            Reply(
                "carlos.mendoza",
                "We got promotores billed through Medicaid in Arizona. It took six years and "
                "changed what we do — more diabetes, less of everything else. I'd still do it.",
            ),
            Reply(
                "sarah.cohen",
                "These four answers already complicate my chapter in useful ways. Would any "
                "of you be willing to read a draft? I'll bring it back here first.",
            ),
        ),
    ),
    Thread(
        "carlos.mendoza", "idea", 88,
        "A buddy for every new member for their first month",
        "We now have people joining who don't know anyone here, and I notice they post once "
        "and disappear. Idea: every new member gets a buddy for their first month — someone "
        "who says hello, points at the toolkit, and asks what they're working on.\n\nI can "
        "be a buddy for Spanish speakers.",
        ("onboarding", "peer-support"),
        (
            Reply(
                "ana.lima",
                "Yes, and I'll take Portuguese and English. Should buddies be stewards? I'd "
                "say no — it shouldn't depend on the role.",
                thanked_by=("carlos.mendoza",),
            ),
            Reply(
                "moana.tupou",
                "Count me in for anyone in the Pacific. Can we keep it light — one message a "
                "week, not a programme?",
            ),
            Reply(
                "leila.haddad",
                "I joined last year and would have loved this. I'll buddy Arabic speakers.",
            ),
            Reply(
                "naledi.dlamini",
                "Wonderful. Carlos, shall we add a line to the welcome post so new people know "
                "a buddy will write to them?",
            ),
        ),
    ),
    Thread(
        "priya.raman", "question", 41,
        "Plain-language summaries of research: who reviews yours?",
        "I'm writing a two-page summary of my study for the women who took part. My "
        "supervisors review the academic paper, but nobody reviews this — and it's the one "
        "that matters most to me.\n\nWho reviews your plain-language summaries, and how do "
        "you pay or thank them?",
        ("plain-language-writing", "community-based-research"),
        (
            Reply(
                "ana.lima",
                "We pay two community members from the program's own advisory group for a "
                "reading session — an honorarium, same rate as any consultant hour. They "
                "read aloud, and wherever they stumble, we rewrite.",
                thanked_by=("priya.raman", "fatima.benali"),
            ),
            Reply(
                "fatima.benali",
                "And if the summary will be translated, have the translation reviewed "
                "separately by someone from the community. Translators are precise; "
                "communities are right.",
                thanked_by=("priya.raman",),
            ),
            Reply(
                "carlos.mendoza",
                "Ask the promotoras. We read everything that goes to families and we are "
                "brutally honest.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "ana.lima", "discussion", 12,
        "Two years of this network: what should we stop, keep and start?",
        "We turn two this month. Before the anniversary call I'd like us to reflect together "
        "on where we are. Three questions, answer any:\n\n- **Stop**: what do we do that no "
        "longer serves us?\n- **Keep**: what must not be lost?\n- **Start**: what do we need "
        "for the next year?\n\nI'll bring a summary to the call on the 28th. Everyone's "
        "answer counts the same, whether you joined in the first week or last month.",
        ("reflection", "goals"),
        (
            Reply(
                "naledi.dlamini",
                "**Stop**: the monthly update email. I write it, four people read it, all four "
                "are also here.\n\n**Keep**: the case consultations, exactly as they are.\n\n"
                "**Start**: handing over. I've been a steward since day one and it's time for "
                "the role to move.",
                thanked_by=("ana.lima", "carlos.mendoza"),
            ),
            Reply(
                "tomas.herrera",
                "Keep the toolkit alive: assign each practice sheet an owner who checks it "
                "once a year. Otherwise in two years it'll be out of date and nobody will "
                "trust it.",
            ),
            Reply(
                "moana.tupou",
                "Start: something in person, even once. A regional meet-up where three or four "
                "of us are close enough.",
            ),
            Reply(
                "leila.haddad",
                "Keep the kindness. I've been in many professional networks and this is the "
                "first one where disagreeing didn't feel dangerous.",
                thanked_by=("ana.lima", "naledi.dlamini", "priya.raman", "carlos.mendoza"),
            ),
            Reply(
                "arjun.nair",
                "Start: interpretation into Hindi or Malayalam on at least one call a "
                "quarter, so I can bring trainees who don't speak English.",
            ),
            Reply(
                "olga.petrova",
                "Stop: feeling guilty when we are quiet. (I learned that from the December "
                "thread.)",
            ),
        ),
        pinned=True,
    ),
    Thread(
        "kwame.mensah", "question", 3,
        "Pill-box photos on WhatsApp: privacy risk, or fine with consent?",
        "Some of our patients send a daily photo of their pill box on WhatsApp instead of a "
        "video call. It's easy, it's free, and they like it. Our data-protection officer is "
        "nervous.\n\nHas anyone thought this through? Where are the photos stored, who can "
        "see them, and is consent enough?",
        ("privacy", "digital-tools", "adherence-support"),
        (
            Reply(
                "julien.martin",
                "Not a lawyer, but the photos end up in the counsellors' phone galleries "
                "unless you turn off auto-save, and those galleries get backed up to "
                "personal cloud accounts. That's the part I'd worry about, more than "
                "WhatsApp itself.",
                thanked_by=("kwame.mensah",),
            ),
            Reply(
                "ana.lima",
                "Could the counsellors use a work phone with auto-save off and a weekly "
                "delete? Less convenient, much easier to explain to your DPO. @Fatima Zahra "
                "Benali, didn't your organisation write a policy on this?",
                thanked_by=("kwame.mensah",),
            ),
        ),
    ),
    Thread(
        "julien.martin", "question", 1,
        "Small numbers: suppress below 5 or below 10?",
        "Our new dashboard will publish counts by municipality. Policy says suppress below "
        "5; my colleagues in public health say 10 in places under 2,000 people. Which rule "
        "do you use, and did anyone regret it?",
        ("privacy", "small-area-statistics"),
    ),
)  # fmt: skip
