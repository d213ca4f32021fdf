"""Conversations of the Research Software Commons: a young community of people who write
research code in universities, companies and non-profits, finding its common ground."""

from .spec import Reply, Thread

THREADS = (
    Thread(
        "hannah.berg", "question", 108,
        "My first R package: what's the smallest set of tests worth writing?",
        "I've turned my analysis scripts into a package because two other groups want to use "
        "them. I have zero tests. I know I should have \"good coverage\" but I have three weeks "
        "before my contract ends.\n\nIf you only had a few days, which tests would you write "
        "first?",
        ("testing", "r-programming", "packaging"),
        (
            Reply(
                "mei.tanaka",
                "Three kinds, in this order:\n\n1. **One test per exported function that runs "
                "it on a tiny real example** and checks the shape of the result (columns, "
                "length, no NAs where there shouldn't be). This catches most breakage.\n"
                "2. **A snapshot test of one full analysis** on a small fixed dataset — "
                "`testthat::expect_snapshot_value()` — so you notice when results change.\n"
                "3. **Tests for the bugs you already fixed**, one each, so they stay fixed.\n\n"
                "Skip edge cases for now. Then add `R CMD check` on GitHub Actions so the "
                "next person inherits a safety net, not a promise.",
                thanked_by=("hannah.berg", "lucia.fernandez", "yusuf.kaya"),
            ),
            Reply(
                "lucia.fernandez",
                "Same question for Python, and I think the answer is the same — thank you, "
                "I'm stealing the order.",
            ),
            Reply(
                "oluwaseun.adeyemi",
                "From industry: number 2 is what we call a regression baseline, and it's the "
                "one auditors ask for. Worth writing down *why* the baseline numbers are "
                "believed to be right.",
                thanked_by=("mei.tanaka",),
            ),
            Reply(
                "hannah.berg",
                "Done: 14 example tests, one snapshot, two bug tests, and CI is green for the "
                "first time in this project's life. Thank you @Mei Tanaka.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "mei.tanaka", "practice", 104,
        "How I review a pull request from a first-time contributor",
        "Writing this down because several of you asked. The goal of the first review is "
        "that the person comes back, not that the code is perfect.\n\n"
        "1. **Reply within 48 hours**, even if only to say \"thanks, I'll look on "
        "Thursday\".\n2. **Say what's good, specifically.** \"Nice, clear test name\" beats "
        "\"looks good\".\n3. **Separate must from could.** I prefix comments with *must*, "
        "*could* or *question*.\n4. **Fix trivial things myself** (typos, formatting) with a "
        "suggestion they can accept in one click.\n5. **At most three must-comments.** If "
        "there are more, I offer a short call instead.\n6. **Merge, then thank them in the "
        "release notes by name.**\n\nWhat I don't do: ask for a rewrite in a different "
        "style, or mention the project's history of mistakes they couldn't know about.",
        ("code-review", "mentoring", "onboarding"),
        (
            Reply(
                "ethan.brooks",
                "The must/could/question prefixes changed how our team reviews each other, "
                "not just newcomers. Less arguing about what was actually blocking.",
                thanked_by=("mei.tanaka",),
            ),
            Reply(
                "lucia.fernandez",
                "As someone who has been on the receiving end of a 40-comment first review, "
                "thank you for point 5. I didn't contribute to that project again.",
                thanked_by=("mei.tanaka", "amara.nwosu"),
            ),
            Reply(
                "amara.nwosu",
                "Could we use this as the community's review guide for the clinic projects? "
                "With credit, of course.",
            ),
            Reply(
                "sofia.marchetti",
                "Point 6 is citation in a small form. People list these acknowledgements in "
                "their CVs — it matters.",
            ),
        ),
    ),
    Thread(
        "oluwaseun.adeyemi", "discussion", 98,
        "Can industry people contribute upstream without legal panic?",
        "We use about a dozen open-source scientific packages. When we find a bug we usually "
        "patch it internally because getting approval to contribute upstream takes months.\n\n"
        "I'd like to change that. How do other companies handle it? And academics: do you "
        "even want contributions from pharma, or is it awkward?",
        ("licensing", "open-source-in-industry"),
        (
            Reply(
                "mei.tanaka",
                "Speaking for my projects: yes, we want them. A fix is a fix. What makes it "
                "awkward is when a company asks for features and never contributes anything.",
            ),
            Reply(
                "daniel.okafor",
                "We have a one-page policy: bug fixes and docs to permissively licensed "
                "projects need no approval, new features need a quick review by me. Took an "
                "afternoon to write and removed 90% of the friction.",
                thanked_by=("oluwaseun.adeyemi", "ethan.brooks"),
            ),
            Reply(
                "ethan.brooks",
                "I'd disagree a little with \"no approval\" — at a big company, someone "
                "contributing from a work laptop with proprietary code nearby is a real risk. "
                "Pre-approving a list of projects is a good middle ground.",
                reply_to=1,
            ),
            Reply(
                "daniel.okafor",
                "@Ethan Brooks fair — we're twelve people, it's easier for us. A pre-approved "
                "list sounds right for a company your size.",
                reply_to=2,
            ),
            Reply(
                "sofia.marchetti",
                "If it helps your legal team: the licence already says what may happen with "
                "contributions. Most projects don't need a CLA. Asking *which licence* is the "
                "useful question, not *whether*.",
                thanked_by=("oluwaseun.adeyemi",),
            ),
        ),
    ),
    Thread(
        "yusuf.kaya", "question", 93,
        "Where do I start with 80,000 lines of Fortran and no tests?",
        "I inherited our group's climate model. It works — people have published with it "
        "for twenty years — but nobody understands all of it, and I need to change the "
        "ocean coupling.\n\nNo tests, no version control before 2016, comments in three "
        "languages. Where would you start?",
        ("legacy-code", "fortran", "testing"),
        (
            Reply(
                "raj.patel",
                "First make it build the same way on two machines. Put the compiler and "
                "library versions in a container and check that a run on the cluster and a "
                "run in the container give the same output. Until then you can't tell your "
                "changes from the environment's.",
                thanked_by=("yusuf.kaya",),
            ),
            Reply(
                "mei.tanaka",
                "Then characterisation tests (\"golden master\"):\n\n1. Pick three short "
                "runs that exercise the ocean coupling.\n2. Save their outputs as the "
                "reference.\n3. Write a script that reruns them and compares with a tolerance "
                "— floating point will differ in the last digits.\n4. Now change code. "
                "Anything that moves the outputs beyond tolerance is a behaviour change you "
                "have to explain.\n\nYou're not testing that the model is *right*, only that "
                "you didn't change it by accident. That's enough to start.",
                thanked_by=("yusuf.kaya", "hannah.berg", "henrik.larsen"),
            ),
            Reply(
                "hannah.berg",
                "And write down what you learn as you go, even in bad English or in Turkish. "
                "The next Yusuf will thank you.",
            ),
            Reply(
                "yusuf.kaya",
                "Container first, then three golden runs. I'll bring it to the clinic if "
                "that's still happening.",
            ),
        ),
        answer=1,
    ),
    Thread(
        "mei.tanaka", "idea", 88,
        "A monthly \"bring your legacy code\" clinic",
        "After Yusuf's thread: what if once a month we ran a two-hour online clinic? Anyone "
        "brings a piece of inherited code; two or three of us pair with them on the first "
        "step (build it, test it, document it). No judgement, no slides.",
        ("legacy-code", "mentoring", "clinic"),
        (
            Reply(
                "amara.nwosu",
                "Yes! Two requests: one slot that works for West Africa (afternoon UTC), and "
                "a short note after each session so people who couldn't come still learn.",
                thanked_by=("mei.tanaka",),
            ),
            Reply(
                "raj.patel",
                "I'll bring container help. Can we cap it at three projects per session so "
                "each gets real time?",
            ),
            Reply(
                "yusuf.kaya",
                "My Fortran volunteers to be the first patient.",
                thanked_by=("mei.tanaka", "raj.patel"),
            ),
            Reply(
                "sofia.marchetti",
                "I can sit in for the documentation side — READMEs, licences, CITATION.cff.",
            ),
        ),
    ),
    Thread(
        "lucia.fernandez", "question", 80,
        "Snakemake: how do you test the rules themselves?",
        "My pipeline has 30 rules. I test the Python functions they call, but the rules "
        "themselves — inputs, outputs, wildcards — break all the time and I only notice "
        "after six hours on the cluster.\n\nHow do you test a workflow, not just its "
        "functions?",
        ("snakemake", "testing", "bioinformatics"),
        (
            Reply(
                "raj.patel",
                "Three things that have saved people on our cluster:\n\n"
                "- `snakemake -n` (dry run) in CI on every push: catches most wildcard and "
                "missing-input errors in seconds.\n- A tiny test dataset (a few hundred reads) "
                "and a CI job that runs the whole workflow on it end-to-end.\n- `snakemake "
                "--generate-unit-tests` once, then prune what it generates to the rules you "
                "actually change.\n\nThe tiny dataset is the one that matters.",
                thanked_by=("lucia.fernandez", "hannah.berg"),
            ),
            Reply(
                "mei.tanaka",
                "+1 to the tiny dataset. Put it in the repo and write in the README how it "
                "was made, so it can be regenerated.",
            ),
            Reply(
                "lucia.fernandez",
                "Dry run in CI already caught two errors today. I feel slightly silly and very "
                "grateful.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "claire.dubois", "question", 75,
        "Do you cite the software you use in official statistics? Should we?",
        "We publish regional statistics built with R, a few packages, and a lot of SQL. "
        "Nothing is cited — official statistics have never done that. A colleague thinks we "
        "should. Has anyone outside academia started citing software, and how?",
        ("software-citation", "official-statistics"),
        (
            Reply(
                "sofia.marchetti",
                "Yes, please do. Minimal version: a \"Methods and tools\" note on each "
                "publication listing the main packages with versions, and their citation "
                "where one exists (`citation(\"pkgname\")` in R gives it). It helps "
                "maintainers show their work is used — which is how they get funded.",
                thanked_by=("claire.dubois", "mei.tanaka", "hannah.berg"),
            ),
            Reply(
                "ethan.brooks",
                "Versions matter more than the citation format. Someone reproducing your "
                "figures in five years needs to know it was dplyr 1.1, not 0.8.",
            ),
            Reply(
                "claire.dubois",
                "Thank you — I'll propose the methods note for our next release and share "
                "the template here.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "raj.patel", "practice", 65,
        "An annotated Apptainer recipe for reproducible cluster runs",
        "Several people asked at the clinic, so here is the recipe I start from, with "
        "comments.\n\n```\nBootstrap: docker\nFrom: python:3.11-slim  # pin the minor "
        "version\n\n%files\n    requirements.lock /opt/requirements.lock\n\n%post\n    "
        "pip install --no-cache-dir -r /opt/requirements.lock  # a lock file, not loose "
        "ranges\n\n%environment\n    export PYTHONHASHSEED=0  # same hashing, same set "
        "order\n\n%runscript\n    exec python \"$@\"\n```\n\nThen:\n\n1. Build once, give "
        "the image a date in its name, and keep it next to the results.\n2. Record "
        "`apptainer inspect` output in the run log.\n3. Never rebuild an image that "
        "produced published results — build a new one.",
        ("containers", "hpc", "reproducibility"),
        (
            Reply(
                "minjun.park",
                "We do almost the same with Docker for ML training. One addition: record "
                "the GPU driver version, which the container doesn't capture.",
                thanked_by=("raj.patel",),
            ),
            Reply(
                "hannah.berg",
                "Does this work for R? I'm hearing rocker images are the way.",
            ),
            Reply(
                "raj.patel",
                "@Hannah Berg yes — start `From: rocker/r-ver:4.3.2`, which pins R and uses a "
                "dated package snapshot. Then renv inside for your own packages.",
                reply_to=1,
                thanked_by=("hannah.berg",),
            ),
            Reply(
                "lucia.fernandez",
                "Point 3 should be tattooed somewhere.",
            ),
        ),
    ),
    Thread(
        "daniel.okafor", "discussion", 55,
        "Open core: honest model or bait and switch?",
        "My company's tools are open core: the library is MIT, a hosted service with "
        "collaboration features is paid. Some academics have told me this is a bait and "
        "switch. I'd honestly like to understand the objection — and to hear whether there's "
        "a version of this that feels fair.",
        ("open-core", "open-source-sustainability"),
        (
            Reply(
                "oluwaseun.adeyemi",
                "From the buyer's side: it feels fair when the open part is genuinely "
                "useful on its own and stays that way. The bait and switch is when features "
                "quietly move from open to paid.",
                thanked_by=("daniel.okafor",),
            ),
            Reply(
                "amara.nwosu",
                "I'll be the one who says the uncomfortable part kindly: for researchers in "
                "Nigeria or Ghana the paid tier is often out of reach, so \"open core\" can "
                "mean \"the good version is for rich labs\". A clear discount or free tier "
                "for low-income countries changes how it feels.",
                thanked_by=("daniel.okafor", "mei.tanaka", "lucia.fernandez"),
            ),
            Reply(
                "ethan.brooks",
                "Write the promise down: \"these features will always be open\". Then people "
                "can hold you to it.",
            ),
            Reply(
                "daniel.okafor",
                "These are good and fair. @Amara Nwosu — you're right, and I'm a Lagos "
                "founder who should have thought of it first. We'll publish a written open "
                "promise and a free tier for academic groups in low- and middle-income "
                "countries.",
            ),
            Reply(
                "mei.tanaka",
                "Thank you all for how this went. It could easily have become a fight, and "
                "instead there's a concrete change.",
            ),
        ),
    ),
    Thread(
        "henrik.larsen", "question", 50,
        "Julia or Python for an energy-system model that students will maintain?",
        "I'm starting a new energy-system model. I'd write it in Julia (JuMP is excellent), "
        "but the people maintaining it after me will be master's students who mostly know "
        "Python. Which would you choose?",
        ("julia", "python", "maintenance"),
        (
            Reply(
                "mei.tanaka",
                "Choose for the maintainers, not the author. If students know Python, a "
                "Python model they can change beats a Julia model they're afraid of. Pyomo "
                "or linopy are good enough for most energy models.",
                thanked_by=("henrik.larsen",),
            ),
            Reply(
                "yusuf.kaya",
                "Counterpoint from someone maintaining code chosen for convenience 20 years "
                "ago: if performance will matter later, rewrites are very expensive. "
                "Students learn languages faster than we think.",
                reply_to=0,
            ),
            Reply(
                "hannah.berg",
                "Could you write the core in Julia and give students a Python interface "
                "with PythonCall? Might be the worst of both worlds, honestly — just "
                "thinking out loud.",
            ),
            Reply(
                "henrik.larsen",
                "I'll prototype both for a week and ask two students which one they can "
                "change without me. Will report back.",
            ),
        ),
    ),
    Thread(
        "nadia.rahman", "practice", 40,
        "What testing medical devices taught me about research code",
        "In medical devices we can't test everything, so we test by **risk**. I think "
        "research software could borrow this without the paperwork:\n\n"
        "1. List what your code produces that someone will *act on* (a figure in a paper, "
        "a number in a policy brief).\n2. For each, ask: if this is wrong, how bad is it, "
        "and would anyone notice?\n3. Test hardest where it's *bad and unnoticeable*. A "
        "crash is noticeable; a silently wrong unit conversion is not.\n4. Write down the "
        "risks you accepted and why. That list is worth more than a coverage number.",
        ("testing", "risk-management"),
        (
            Reply(
                "lucia.fernandez",
                "\"Bad and unnoticeable\" is exactly my pipeline's normalisation step. "
                "Writing a test for it today.",
                thanked_by=("nadia.rahman",),
            ),
            Reply(
                "yusuf.kaya",
                "Step 4 is a gift for legacy code. I can't test everything, but I can write "
                "down what I chose not to test.",
            ),
            Reply(
                "oluwaseun.adeyemi",
                "We use the same thinking for data pipelines in pharma. Nice to see it "
                "written without the ISO numbers.",
            ),
            Reply(
                "mei.tanaka",
                "Could this become a page in the guide we're writing? It complements the "
                "\"smallest set of tests\" thread well.",
            ),
        ),
    ),
    Thread(
        "amara.nwosu", "idea", 32,
        "Mentoring circles across time zones",
        "Instead of one-to-one mentoring (which depends on a few generous people), what "
        "about circles of four: one experienced person and three newer ones, meeting every "
        "two weeks for three months? Circles grouped by time zone first, topic second.",
        ("mentoring", "onboarding"),
        (
            Reply(
                "lucia.fernandez",
                "I'd join as one of the three. Would circles have a topic, or just whatever "
                "comes up?",
            ),
            Reply(
                "amara.nwosu",
                "@Lucía Fernández whatever comes up, with a suggested prompt each time in "
                "case it's quiet.",
                reply_to=0,
            ),
            Reply(
                "nadia.rahman",
                "I can lead a Europe circle on testing. One condition: somebody else keeps "
                "the calendar.",
            ),
            Reply(
                "mei.tanaka",
                "Love it. I'll set it up as a goal so we can see how many circles we get to.",
            ),
        ),
    ),
    Thread(
        "ana.lima", "question", 25,
        "Evaluation scripts in R: how do I stop emailing myself versions?",
        "I'm a nurse who learned R for program evaluation, mostly from YouTube. My scripts "
        "live in files called `analysis_final_v3_REALLYFINAL.R` and I email them to myself "
        "between work and home.\n\nWhat's the gentlest way to get this under control?",
        ("r-programming", "version-control", "evaluation"),
        (
            Reply(
                "hannah.berg",
                "Gentlest path, one step a week:\n\n1. **An RStudio project** per evaluation, "
                "so paths are relative and nothing says `C:/Users/ana/Desktop`.\n2. **Git** "
                "inside RStudio (there's a Git tab). Commit whenever something works. That "
                "replaces the `_v3` names.\n3. **A private GitHub or GitLab repository** — "
                "that replaces the emails.\n4. **renv** so the package versions travel with "
                "the project.\n\nDon't do all four in one week. Step 2 alone will change your "
                "life.",
                thanked_by=("ana.lima", "tomas.herrera", "sofia.marchetti"),
            ),
            Reply(
                "sofia.marchetti",
                "And keep the data *out* of the repository if it contains anything about "
                "people. Put a note in the README saying where it lives and who may access it.",
                thanked_by=("ana.lima",),
            ),
            Reply(
                "mei.tanaka",
                "Welcome, Ana! Bring it to the next clinic if you like — we'll do step 2 "
                "together in twenty minutes.",
            ),
            Reply(
                "ana.lima",
                "Week one done: everything is in a project and the Git tab is green. I "
                "deleted `REALLYFINAL` with great satisfaction.",
            ),
        ),
        answer=0,
    ),
    Thread(
        "tomas.herrera", "question", 15,
        "Publishing a surveillance dashboard's code: what must I strip out first?",
        "We want to publish the code behind our neighbourhood health dashboard so other "
        "regions can reuse it. Besides passwords, what do people forget to remove before "
        "open-sourcing something built inside a health service?",
        ("open-data", "privacy", "publishing-code"),
        (
            Reply(
                "oluwaseun.adeyemi",
                "Things I've seen slip through: server names and internal URLs, example data "
                "that turned out to be real, and commit history that still contains the "
                "password you removed last week. Start a fresh repository from a clean copy "
                "rather than publishing the old history.",
                thanked_by=("tomas.herrera",),
            ),
            Reply(
                "sofia.marchetti",
                "Also: a licence (ask your legal team early — public bodies often have a "
                "required one) and a README stating that the data is not included and why.",
            ),
            Reply(
                "noah.fischer",
                "Run a secret scanner over the history before you decide. gitleaks found an "
                "API key in ours that three humans had missed.",
            ),
        ),
    ),
    Thread(
        "sofia.marchetti", "discussion", 4,
        "Why I proposed a credit and authorship section for our charter",
        "I've put up a charter proposal. Short version: when a thread here becomes a guide, "
        "everyone who contributed substantive text gets listed, in the order of the size of "
        "their contribution, and guides get a DOI.\n\nWhy: people here give real expertise "
        "and time, and for early-career members a citable output is not a vanity — it's "
        "how the time becomes visible to their employers. Responses welcome here or on the "
        "proposal.",
        ("charter", "credit", "software-citation"),
        (
            Reply(
                "oluwaseun.adeyemi",
                "I like the intention. My concern: my employer has to approve anything "
                "public with my name on it. Could being listed be opt-out, and could I be "
                "listed as \"a contributor from industry\" if approval doesn't come in time?",
                thanked_by=("sofia.marchetti",),
            ),
            Reply(
                "daniel.okafor",
                "\"Substantive\" will be argued about. Maybe: anyone whose words survive into "
                "the final text, plus reviewers listed separately?",
            ),
            Reply(
                "mei.tanaka",
                "Both good amendments. Sofia, would you fold them in, or shall we adopt this "
                "version and amend later? I lean towards adopting and improving.",
            ),
            Reply(
                "lucia.fernandez",
                "As an early-career person: thank you for writing this. A DOI on a community "
                "guide would genuinely help my CV.",
                thanked_by=("sofia.marchetti", "amara.nwosu"),
            ),
        ),
    ),
    Thread(
        "noah.fischer", "question", 2,
        "Has anyone archived a web app (not just its code) for a paper?",
        "Our paper's main result is an interactive map. Zenodo will archive the code, but "
        "reviewers want to know the *app* will still be viewable in ten years. Ideas?",
        ("reproducibility", "archiving"),
        (
            Reply(
                "ethan.brooks",
                "Static export where you can — a build that runs without a server will outlive "
                "any hosting. For the rest, a container image archived alongside the code, plus "
                "screenshots in the supplement as a last resort.",
            ),
        ),
    ),
)  # fmt: skip
