"""The teacher's formgrader on the hub, in headless chromium (playwright): log in through the
hub's login page (PAM: the teacher's Unix password), open the submissions of notebook 01 and
see the three students with their scores. Only 127.0.0.1 is reachable from the browser.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from .conftest import ASSIGNMENT
from .harness import COURSE_ID, REPO, STUDENT_NAMES, STUDENTS, TEACHER

pytestmark = pytest.mark.hub

CHROMIUM = Path(os.environ.get("CTL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
DEAD_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"}
ARTIFACTS = REPO / "test-artifacts" / "hub"


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in {"127.0.0.1", "localhost"}


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_formgrader_shows_the_three_submissions_with_their_scores(room, hub, exchange):
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"{CHROMIUM} not found: sudo apt-get install -y chromium")
    from nbgrader.api import Gradebook
    from playwright.sync_api import expect, sync_playwright

    db = room.homes[TEACHER] / "classroom" / "gradebook.db"
    with Gradebook(f"sqlite:///{db}", COURSE_ID) as gb:
        expected = {}
        for student in STUDENTS:
            sub = gb.find_submission(ASSIGNMENT, student)
            expected[student] = f"{sub.score:g} / {sub.max_score:g}"
    assert len(set(expected.values())) == 3, expected  # full, partial and zero differ

    blocked: list[str] = []
    target = f"/user/{TEACHER}/formgrader/manage_submissions/{ASSIGNMENT}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS, proxy=DEAD_PROXY)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: route.continue_() if _local(route.request.url)
                          else (blocked.append(route.request.url), route.abort()))
            page = context.new_page()
            page.set_default_timeout(90_000)
            page.goto(f"{hub.url}/hub/login?next={quote(target)}")
            page.fill("input[name=username]", TEACHER)
            page.fill("input[name=password]", room.password)
            page.click("#login_submit")
            page.wait_for_url(re.compile(re.escape(target)))
            for student, score in expected.items():
                row = page.locator("tr", has=page.locator("td.student-id", has_text=student))
                expect(row.locator("td.score")).to_have_text(score)
                first, last = STUDENT_NAMES[student]
                expect(row.locator("td.student-name")).to_have_text(f"{last}, {first}")
                expect(row.locator("td.status")).to_have_text(  # autograded
                    re.compile(r"^(graded|needs manual grading)$"))
            page.screenshot(path=str(ARTIFACTS / "formgrader-submissions.png"), full_page=True)
            # a wrong password is refused by the same login page
            other = browser.new_context().new_page()
            other.goto(f"{hub.url}/hub/login")
            other.fill("input[name=username]", STUDENTS[0])
            other.fill("input[name=password]", room.password + "-wrong")
            other.click("#login_submit")
            expect(other.locator("body")).to_contain_text("Invalid username or password")
        finally:
            browser.close()
    assert blocked == [], f"the formgrader tried to reach other hosts: {blocked}"
