"""Small mailing-list archives for tests of importing and claiming."""

# Ana opens a thread on January 2nd 2006; Bo replies the next day.
ARCHIVE = (
    b"From ana at example.org  Mon Jan  2 10:00:00 2006\n"
    b"From: ana at example.org (Ana Lima)\n"
    b"Date: Mon, 2 Jan 2006 10:00:00 +0000\n"
    b"Subject: [Practice] Field notes\n"
    b"Message-ID: <one@example.org>\n\nHere are my notes.\n\n"
    b"From bo at example.org  Tue Jan  3 10:00:00 2006\n"
    b"From: bo at example.org (Bo)\n"
    b"Date: Tue, 3 Jan 2006 10:00:00 +0000\n"
    b"Subject: [Practice] Field notes\n"
    b"In-Reply-To: <one@example.org>\n"
    b"Message-ID: <two@example.org>\n\nThanks Ana.\n"
)
