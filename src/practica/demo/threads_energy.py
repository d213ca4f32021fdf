"""Conversations of the Community Energy Commons: cooperatives, tenant organisers, engineers,
council officers and researchers working out how neighbourhoods make their own energy."""

from .spec import Reply, Thread

THREADS = (
    Thread(
        "ines.moreau", "practice", 280,
        "Running a five-hour members' meeting in ninety minutes",
        "Pedro told me about the five-hour meeting, so here's what I do with cooperatives "
        "that have that problem:\n\n1. **Decisions go out a week before**, each with a "
        "one-paragraph proposal and who wrote it.\n2. **Questions in writing first.** Most "
        "get answered before the meeting.\n3. At the meeting, **each decision gets a "
        "timebox** and we use consent: \"is there an objection you can't live with?\" — "
        "not \"does everyone agree?\"\n4. **Anything that needs more than its timebox goes "
        "to a small working group** that reports back next time.\n5. **The last ten "
        "minutes are for what didn't fit**, so nobody feels silenced.",
        ("facilitation", "cooperative-governance", "meeting-design"),
        (
            Reply(
                "pedro.alves",
                "In our defence, two of those five hours were about the colour of the "
                "inverter cabinet. We adopted this for our last assembly: 95 minutes, three "
                "decisions, one working group. People stayed for dinner afterwards, which "
                "never happened before.",
                thanked_by=("ines.moreau", "rosa.jimenez"),
            ),
            Reply(
                "rosa.jimenez",
                "Point 2 matters even more in tenant assemblies, where some people don't "
                "speak up in a big room. Written questions let everyone in.",
                thanked_by=("ines.moreau",),
            ),
            Reply(
                "chiara.rossi",
                "What do you do when someone objects in the meeting without having read the "
                "proposal?",
            ),
            Reply(
                "ines.moreau",
                "@Chiara Rossi I ask them to say what they'd need to see to withdraw the "
                "objection. Often it turns into a question the proposer can answer on the "
                "spot; if not, it goes to the working group.",
                reply_to=2,
                thanked_by=("chiara.rossi",),
            ),
        ),
    ),
    Thread(
        "chiara.rossi", "question", 268,
        "Sharing the income of a small hydro plant fairly among 60 families",
        "Our energy community owns a 200 kW run-of-river plant. The income is modest but "
        "real. Some families invested more, some have lower incomes, some use a lot of "
        "electricity, some very little. How do other communities decide who gets what?",
        ("renewable-energy-communities", "hydro", "fairness"),
        (
            Reply(
                "pedro.alves",
                "We split in two: a fixed part goes back to members by share (fair to those "
                "who invested), and a fixed part goes to a solidarity fund that pays part of "
                "the bills of members in energy poverty. The ratio is decided by the "
                "assembly every year. Currently 70/30.",
                thanked_by=("chiara.rossi", "rosa.jimenez"),
            ),
            Reply(
                "david.kim",
                "From the finance side: cap the return on shares (say, inflation plus 2%) "
                "and say so from the beginning. It keeps investors from expecting the "
                "community to behave like a fund, and whatever's above the cap goes to the "
                "community purposes.",
                thanked_by=("chiara.rossi",),
            ),
            Reply(
                "ingrid.solberg",
                "In our survey the communities with the least conflict were the ones that "
                "decided the rule *before* the first income arrived. After the money exists, "
                "everyone has a stake in the answer.",
                thanked_by=("chiara.rossi", "pedro.alves"),
            ),
            Reply(
                "chiara.rossi",
                "We'll bring the 70/30 split and the capped return to the assembly together. "
                "Thank you — this gives us something concrete to argue about, instead of "
                "arguing in general.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "rosa.jimenez", "discussion", 250,
        "Energy communities mostly help people who already own roofs",
        "I want to say something uncomfortable, with love: most energy communities I've "
        "visited are homeowners who could afford the investment. My neighbours rent, move "
        "often, and have no roof to offer. If we're serious about energy poverty, what do we "
        "do about that?",
        ("energy-poverty", "tenant-organising", "equity"),
        (
            Reply(
                "ben.carter",
                "You're right about who buys in, and I'd push back only on roofs: some of our "
                "best projects are on schools and churches, where the roof is nobody's "
                "private property. Renters can be members of those.",
            ),
            Reply(
                "pedro.alves",
                "We started with homeowners because they could move fast, and it's true "
                "that it shaped who felt welcome. Since last year, 20% of our shares are "
                "reserved for tenants at a lower minimum. It's not enough, but it changed "
                "who comes to the assembly.",
                thanked_by=("rosa.jimenez", "ingrid.solberg"),
            ),
            Reply(
                "aisha.bello",
                "Council housing roofs are an opportunity here. The tenants are already "
                "organised in residents' associations; the council owns the roof. It needs a "
                "procurement route, which is my job to find.",
                thanked_by=("rosa.jimenez",),
            ),
            Reply(
                "ingrid.solberg",
                "Our survey data backs Rosa up: 78% of members in the communities we studied "
                "own their home, compared with about 55% in the population. Happy to share "
                "the breakdown.",
            ),
            Reply(
                "rosa.jimenez",
                "Thank you for taking this seriously rather than defensively. Aisha, can we "
                "talk about council housing? That might be the bridge for my neighbours.",
            ),
        ),
    ),
    Thread(
        "aisha.bello", "question", 235,
        "Leasing council roofs to a cooperative: what did your contract say?",
        "We have six council buildings with good roofs and a cooperative that wants them. "
        "Legal wants to use a standard commercial lease, which would kill the project. What "
        "did your roof agreements actually contain?",
        ("municipal-procurement", "solar-pv", "contracts"),
        (
            Reply(
                "pedro.alves",
                "Ours with the Lisbon parish council, in essence:\n\n- **20 years**, matching "
                "the panels' life\n- **Peppercorn rent**, in exchange for cheaper electricity "
                "for the building itself\n- **Roof repairs**: the council gives 3 months' "
                "notice; the coop removes and reinstalls at its own cost once per term\n- "
                "**End of term**: the council may buy the system at a set price, or the coop "
                "removes it\n- **Insurance**: the coop insures the system, the council the "
                "building\n\nHappy to share the (Portuguese) text.",
                thanked_by=("aisha.bello", "chiara.rossi", "david.kim"),
            ),
            Reply(
                "ben.carter",
                "Add a clause on who pays for grid connection upgrades if the network "
                "operator asks for them. That's the cost that surprised us.",
                thanked_by=("aisha.bello",),
            ),
            Reply(
                "david.kim",
                "Lenders will want to see the lease before lending to the coop, so the term "
                "needs to be longer than the loan. Otherwise the project can't be financed "
                "at all.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "noah.fischer", "practice", 224,
        "From smart-meter export to a monthly summary members can read",
        "Every coop I know gets a CSV from the meter operator that nobody can read. Here is "
        "the small script we use — it turns 15-minute readings into a monthly table of "
        "generation, self-consumption and export:\n\n```python\nimport pandas as pd\n\n"
        "readings = pd.read_csv(\"export.csv\", sep=\";\", decimal=\",\",\n"
        "                       parse_dates=[\"timestamp\"], index_col=\"timestamp\")\n"
        "monthly = readings.resample(\"MS\").sum() / 4  # kW per 15 min → kWh\n"
        "monthly[\"self_use_share\"] = monthly[\"self_use\"] / monthly[\"generation\"]\n"
        "print(monthly.round(1).to_markdown())\n```\n\nThe `/ 4` is the line everybody gets "
        "wrong: 15-minute power values need dividing by four to become energy.",
        ("energy-data", "python", "open-data"),
        (
            Reply(
                "chiara.rossi",
                "The `/ 4` — we published a newsletter with four times our real production "
                "last spring. Nobody complained, which says something about who reads it.",
                thanked_by=("noah.fischer",),
            ),
            Reply(
                "ben.carter",
                "Watch for daylight-saving days: one has 92 quarter-hours, one has 100. The "
                "operator's export sometimes duplicates an hour instead.",
                thanked_by=("noah.fischer", "chiara.rossi"),
            ),
            Reply(
                "ingrid.solberg",
                "Would you be willing to put this somewhere with a licence so I can cite it "
                "in a methods section?",
            ),
            Reply(
                "noah.fischer",
                "@Ingrid Solberg done — MIT licence, and I've added Ben's daylight-saving "
                "check.",
                reply_to=2,
            ),
        ),
    ),
    Thread(
        "pedro.alves", "idea", 212,
        "A peer visit to Val di Sole in spring?",
        "Chiara has offered to host a visit to their hydro plant and energy community. I "
        "think seeing a working community is worth ten calls. Who would come, and what "
        "would you want to learn there?",
        ("peer-visit", "renewable-energy-communities"),
        (
            Reply(
                "chiara.rossi",
                "We'd be very happy to host! Spring is best — the river is high and the "
                "mountain passes are open. We can offer rooms with members' families.",
                thanked_by=("pedro.alves",),
            ),
            Reply(
                "rosa.jimenez",
                "I'd come, and I'd like to meet families who aren't on the board — what the "
                "community means to an ordinary member.",
            ),
            Reply(
                "ines.moreau",
                "I'd like to see a members' assembly if the timing works. And could we keep "
                "costs low enough for people who aren't paid for this?",
            ),
            Reply(
                "ben.carter",
                "In for the engineering tour. I'll bring questions about their grid "
                "connection.",
            ),
        ),
    ),
    Thread(
        "ben.carter", "question", 190,
        "Batteries for a community building: worth it yet?",
        "A village hall with 30 kW of solar has asked me whether to add a battery. I have "
        "my own view (and I'd earn from installing it, so take it with salt). What have "
        "others seen in practice?",
        ("battery-storage", "solar-pv"),
        (
            Reply(
                "noah.fischer",
                "From the data side: look at when the hall is used. Halls used in the "
                "evening benefit; halls used on weekday daytimes already consume their "
                "solar directly, and a battery mostly sits full. Their meter data answers "
                "this in an afternoon.",
                thanked_by=("ben.carter", "pedro.alves"),
            ),
            Reply(
                "pedro.alves",
                "Our experience: the battery's best value was resilience, not money. When "
                "the power went out, the hall stayed lit and people came to charge phones. "
                "That mattered more to members than the payback period.",
            ),
            Reply(
                "chiara.rossi",
                "Thank you for saying you'd earn from it — that's exactly our charter "
                "working.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "ingrid.solberg", "discussion", 180,
        "Survey fatigue: I want to ask you 40 questions. Talk me down.",
        "I'm designing a survey of energy-community members across five countries. My draft "
        "has 40 questions. Every one feels essential. I know it's too many. Where would you "
        "cut?",
        ("survey-methods", "research-practice-partnerships"),
        (
            Reply(
                "rosa.jimenez",
                "Cut anything you could find out another way (size of the community, year "
                "founded). And ask yourself for each question: what would you do differently "
                "depending on the answer? If nothing, cut it.",
                thanked_by=("ingrid.solberg",),
            ),
            Reply(
                "ines.moreau",
                "Our members are surveyed three times a year by different universities. "
                "Please coordinate with the others — one survey shared by several projects "
                "would be a gift.",
                thanked_by=("ingrid.solberg", "pedro.alves"),
            ),
            Reply(
                "pedro.alves",
                "Fifteen questions and a promise to send the results in plain language. "
                "That's the deal our members would accept.",
            ),
            Reply(
                "ingrid.solberg",
                "Down to 17, and I've written to two other teams about sharing. Thank you "
                "for being honest with me.",
            ),
        ),
    ),
    Thread(
        "tariq.hussain", "practice", 160,
        "Kids reading meters: our schools programme in five sessions",
        "Our schools programme, which has now run in nine primary schools:\n\n1. **Where "
        "does electricity come from?** Drawing the journey from power station to plug.\n"
        "2. **Meter detectives.** Kids read the school meter at 9, 12 and 3 and graph it.\n"
        "3. **The energy walk.** A hunt for things left on. They always find the "
        "staffroom.\n4. **The pitch.** Groups design one change and pitch it to the head "
        "teacher.\n5. **The report.** Kids present to the governors — or once, the council.\n\n"
        "Costs: our time and a clipboard per child.",
        ("youth-engagement", "schools", "education-outreach"),
        (
            Reply(
                "rosa.jimenez",
                "Session 3 made me laugh. Could this run in a youth club rather than a "
                "school? Our kids are more likely to be in the community centre than to "
                "stay after school.",
            ),
            Reply(
                "tariq.hussain",
                "@Rosa Jiménez yes — we did it at a youth club last summer, with the centre's "
                "own meter. The pitch went to the centre manager and they changed the "
                "heating schedule.",
                reply_to=0,
                thanked_by=("rosa.jimenez",),
            ),
            Reply(
                "aisha.bello",
                "The council presentation was ours! The councillors still talk about it. "
                "Please do more of those.",
                thanked_by=("tariq.hussain",),
            ),
            Reply(
                "pedro.alves",
                "We'd love to translate this for Lisbon schools. May we?",
            ),
        ),
    ),
    Thread(
        "chiara.rossi", "practice", 148,
        "Notes from the peer visit to Val di Sole",
        "Thank you to the twelve of you who came. Notes, as promised:\n\n**What "
        "visitors noticed**\n\n- The plant is boring, in the best way: maintenance is a "
        "calendar and two retired electricians.\n- The assembly works because the agenda is "
        "posted on the church door *and* online.\n- Families who don't attend still know "
        "the numbers, because the income statement is one page.\n\n**What we learned from "
        "you**\n\n- Our solidarity fund has no rule for who decides who is in energy "
        "poverty. Rosa's tenants' approach (self-declaration, no proof) is going to our "
        "next assembly.\n- We should have a younger member on the board.\n\n**Next**\n\n- "
        "A return visit to Lisbon in autumn.",
        ("peer-visit", "renewable-energy-communities", "reflection"),
        (
            Reply(
                "pedro.alves",
                "\"Boring in the best way\" is the nicest thing anyone has said about a hydro "
                "plant. Thank you for hosting us like family.",
                thanked_by=("chiara.rossi",),
            ),
            Reply(
                "ines.moreau",
                "The one-page income statement is what I'm taking home. Our coops send "
                "twelve pages and nobody reads them.",
            ),
            Reply(
                "ben.carter",
                "The two retired electricians should run a clinic here. I learned more in "
                "their shed than in a year of webinars.",
                thanked_by=("chiara.rossi",),
            ),
            Reply(
                "tariq.hussain",
                "Add me to the Lisbon trip. And I'm the younger member if you need one!",
            ),
        ),
    ),
    Thread(
        "david.kim", "question", 140,
        "Community shares: minimum investment, and how to stay inclusive",
        "A new coop asked me what minimum investment to set. High minimums make "
        "administration easier; low minimums let more people in. What do you use, and has "
        "it changed who joined?",
        ("community-shares", "finance", "equity"),
        (
            Reply(
                "rosa.jimenez",
                "If the minimum is more than a month's electricity bill, my neighbours won't "
                "join. Some coops let people pay in instalments — that works better than a "
                "low minimum alone.",
                thanked_by=("david.kim",),
            ),
            Reply(
                "pedro.alves",
                "We set 50 € with instalments of 5 € a month, and tenants' shares at 20 €. "
                "Admin is heavier, but our membership looks like the neighbourhood now. We "
                "decided that was worth a volunteer's afternoon each month.",
                thanked_by=("david.kim", "rosa.jimenez", "chiara.rossi"),
            ),
            Reply(
                "chiara.rossi",
                "In Italy the law sets some of this for energy communities, but we still "
                "waived the fee for families on social tariffs.",
            ),
        ),
        answer=1,
    ),
    Thread(
        "henrik.larsen", "question", 100,
        "Load-shifting nudges that don't blame people",
        "Our coop wants members to use more electricity when the sun shines. Every message "
        "we draft sounds like \"you're doing it wrong\". How do others encourage load "
        "shifting without scolding?",
        ("behaviour-change", "energy-data"),
        (
            Reply(
                "noah.fischer",
                "Show the sun, not the person. Our members get a simple forecast: \"tomorrow "
                "11–15 is sunny: good time for washing\". No personal consumption graphs "
                "unless they ask for them.",
                thanked_by=("henrik.larsen", "ingrid.solberg"),
            ),
            Reply(
                "ingrid.solberg",
                "The research agrees with Noah: collective framing (\"our panels\") works "
                "better than individual comparison, which mostly makes low users smug and "
                "high users defensive.",
            ),
            Reply(
                "rosa.jimenez",
                "And remember who can't shift: people who work days, people caring for "
                "someone at home. Nudges should never feel like a penalty for their lives.",
                thanked_by=("henrik.larsen",),
            ),
        ),
        answer=0,
    ),
    Thread(
        "rosa.jimenez", "discussion", 50,
        "Winter bill clinics: who's running one this year?",
        "Last winter we ran a bill clinic every Saturday in the community centre: people "
        "bring their bills, we check the tariff, apply for the social bonus, and "
        "sometimes just listen. Who else is doing this, and shall we share materials?",
        ("energy-poverty", "bill-clinic"),
        (
            Reply(
                "tariq.hussain",
                "We're starting in Leeds in November. Could you share your checklist? We "
                "have volunteers but no structure yet.",
            ),
            Reply(
                "rosa.jimenez",
                "@Tariq Hussain here it is:\n\n1. Ask what worries them most before looking "
                "at any paper.\n2. Check the tariff and whether they qualify for support.\n"
                "3. Look for estimated readings — a photo of the meter fixes half the "
                "problems.\n4. One action each, written down, with who does it.\n5. Offer "
                "a follow-up in two weeks.",
                reply_to=0,
                thanked_by=("tariq.hussain", "ana.lima", "david.kim"),
            ),
            Reply(
                "ana.lima",
                "From the health side: cold homes make people sick, and clinics like this "
                "are public health work. If anyone wants to add a simple question about "
                "health to the checklist, I'd be glad to help phrase it.",
                thanked_by=("rosa.jimenez",),
            ),
            Reply(
                "pedro.alves",
                "Lisbon is in. We'll translate the checklist and post it back.",
            ),
        ),
    ),
    Thread(
        "ana.lima", "question", 20,
        "Has any community energy group measured health effects of warmer homes?",
        "After Rosa's clinic thread: I'd love to evaluate whether a bill clinic or an "
        "energy community changes people's health — fewer winter GP visits, better sleep, "
        "less anxiety. Has anyone measured this? I don't want to design a study that "
        "already exists.",
        ("energy-poverty", "evaluation", "health"),
        (
            Reply(
                "ingrid.solberg",
                "A few housing-retrofit studies have (respiratory symptoms, days off school). "
                "Almost nothing on energy communities specifically. I'd be glad to think "
                "about a design with you.",
                thanked_by=("ana.lima",),
            ),
            Reply(
                "rosa.jimenez",
                "Our clinic regulars would talk to you. Please ask them what *they* would "
                "count as being healthier — I bet it's not GP visits.",
                thanked_by=("ana.lima", "ingrid.solberg"),
            ),
        ),
    ),
    Thread(
        "claire.dubois", "idea", 8,
        "Publishing regional energy-poverty statistics with you, not about you",
        "My office publishes energy-poverty indicators for the region. They're accurate "
        "and nobody outside the ministry uses them. Idea: before the next release, a session "
        "with people from this community to ask what would make them useful to you.",
        ("open-data", "energy-poverty"),
        (
            Reply(
                "rosa.jimenez",
                "Yes. Start with neighbourhood level, even if rough. Regional averages hide "
                "exactly the streets we work in.",
            ),
            Reply(
                "noah.fischer",
                "And publish it as CSV with a stable URL, please. I'll happily build a "
                "simple map from it for the coops.",
            ),
        ),
    ),
)  # fmt: skip
