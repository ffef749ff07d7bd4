"""A new student reads a lesson, follows a quote, takes a quiz across a reload, and sees progress.

Answers come from the curated course package itself, so the test knows which are right.
"""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from studyguide.coursepack import Question, read_package

COURSE = read_package(Path(__file__).resolve().parents[2] / "data/courses/madry-research-careers")
LESSON = next(lesson for lesson in COURSE.lessons if lesson.slug == "going-abroad")


def _question_for(fieldset: Locator) -> Question:
    legend = " ".join(fieldset.locator(".q-prompt").inner_text().split())
    for question in LESSON.questions:
        opening = " ".join(question.prompt.split("____")[0].split())[:40]
        if opening and legend.startswith(opening):
            return question
    raise AssertionError(f"no question in the package matches {legend!r}")


def _question_for_result(item: Locator) -> Question:
    prompt = " ".join(item.locator(".q-prompt").inner_text().split())
    return next(q for q in LESSON.questions if " ".join(q.prompt.split()) == prompt)


def _wrong_choice(question: Question) -> str:
    return next(choice for choice in question.choices if choice != question.answer)


def _answer(fieldset: Locator, question: Question, *, right: bool) -> None:
    if question.type == "true_false":
        truth = question.answer if right else not question.answer
        fieldset.get_by_label("True" if truth else "False", exact=True).check()
    elif question.type == "multiple_choice":
        choice = question.answer if right else _wrong_choice(question)
        fieldset.get_by_label(choice, exact=True).check()
    elif question.type == "multiple_select":
        chosen = (
            question.answer
            if right
            else [c for c in question.choices if c not in question.answer][:1]
        )
        for choice in chosen:
            fieldset.get_by_label(choice, exact=True).check()
    else:  # cloze, short_answer
        text = fieldset.locator("input[type=text]")
        text.fill(question.answer if right else "definitely not the answer")
        text.press("Tab")  # leave the field: the change event saves it


def test_student_reads_quizzes_and_sees_progress(page: Page, live_server: str, shot, audit):
    page.goto(live_server + "/account/register")
    page.get_by_label("Your name").fill("Jan")
    page.get_by_label("Email").fill("jan@example.org")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Repeat password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create account").click()

    # The lesson list.
    expect(page.get_by_role("heading", name="Lessons", exact=True)).to_be_visible()
    expect(page.locator("a.lesson-title", has_text=LESSON.title)).to_be_visible()
    shot("lessons")
    audit("lessons")

    # A lesson: read it, mark it read, follow a quote into the transcript.
    page.locator("a.lesson-title", has_text=LESSON.title).click()
    expect(page.get_by_role("heading", name=LESSON.title, level=1)).to_be_visible()
    shot("lesson")
    audit("lesson")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("You marked this lesson as read")).to_be_visible()

    quote = LESSON.quotes[0]
    page.get_by_role("link", name="Read it in the transcript").first.click()
    expect(page).to_have_url(re.compile(rf"start={quote.start_char}&end={quote.end_char}#hl$"))
    highlighted = " ".join(page.locator("mark").all_inner_texts())
    assert " ".join(quote.text.split()) in " ".join(highlighted.split())
    expect(page.locator("mark#hl")).to_be_in_viewport()
    shot("transcript")
    audit("transcript")
    page.go_back()

    # The quiz: start, answer half, reload, find the answers kept.
    page.get_by_role("link", name="Take the quiz").click()
    shot("quiz-intro")
    audit("quiz intro")
    page.get_by_role("button", name="Start quiz").click()
    fieldsets = page.locator("fieldset.quiz-question")
    count = fieldsets.count()
    assert count == len(LESSON.questions)
    half = count // 2
    for index in range(half):
        fieldset = fieldsets.nth(index)
        _answer(fieldset, _question_for(fieldset), right=True)
        expect(fieldset.locator("[data-save-status]")).to_have_text(re.compile("Saved"))
    shot("quiz-half-answered")
    audit("quiz")

    page.reload()
    fieldsets = page.locator("fieldset.quiz-question")
    for index in range(half):
        fieldset = fieldsets.nth(index)
        question = _question_for(fieldset)
        if question.type in ("cloze", "short_answer"):
            expect(fieldset.locator("input[type=text]")).to_have_value(question.answer)
        else:
            expect(fieldset.locator("input:checked").first).to_be_attached()

    # Finish with exactly one wrong answer.
    for index in range(half, count):
        fieldset = fieldsets.nth(index)
        _answer(fieldset, _question_for(fieldset), right=index != count - 1)
    page.get_by_role("button", name="Submit quiz").click()

    expect(page.locator(".score")).to_contain_text(f"{count - 1} of {count} right")
    expect(page.locator(".score")).to_contain_text(f"{(100 * (count - 1)) // count}")
    wrong = page.locator("li.quiz-result.is-incorrect")
    expect(wrong).to_have_count(1)
    last_question = _question_for_result(wrong)
    expect(wrong.locator("blockquote")).to_contain_text(last_question.evidence.quote.split()[0])
    expect(wrong.locator(".explanation")).to_be_visible()
    expect(wrong.get_by_role("link", name="Read it in the transcript")).to_have_attribute(
        "href",
        re.compile(
            rf"start={last_question.evidence.start_char}&end={last_question.evidence.end_char}#hl"
        ),
    )
    shot("quiz-result")
    audit("quiz result")

    # Progress shows the read lesson and the score.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    row = page.get_by_role("row").filter(has_text=LESSON.title)
    expect(row.get_by_role("cell").nth(0)).to_have_text("Yes")
    expect(row.get_by_role("cell").nth(1)).to_contain_text("1")
    best = (100 * (count - 1)) // count  # rounded down, as on every page
    expect(row.get_by_role("cell").nth(2)).to_contain_text(f"{best}")
    shot("progress")
    audit("progress")
