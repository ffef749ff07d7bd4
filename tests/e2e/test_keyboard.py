"""Keyboard only: log in, open a lesson, start its quiz and answer, never touching the mouse."""

from playwright.sync_api import Page, expect

MAX_TABS = 80


def tab_to(page: Page, description: str, check: str) -> None:
    """Press Tab until `check` (a JS predicate on the focused element `el`) is true."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({check}); }}"):
            return
    raise AssertionError(f"Tab never reached {description}")


def test_keyboard_only_journey(page: Page, live_server: str):
    page.goto(live_server + "/account/register")
    tab_to(page, "the name field", "el.id === 'display_name'")
    page.keyboard.type("Kasia")
    page.keyboard.press("Tab")
    page.keyboard.type("kasia@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("a long enough passphrase")
    tab_to(page, "the repeat field", "el.id === 'confirm'")
    page.keyboard.type("a long enough passphrase")
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("Welcome, Kasia")

    # The focused element must be visibly marked (an outline from :focus-visible).
    # The curated course's first lesson: other browser tests publish drafts on the same server,
    # and a draft's generated questions stay hidden from students until approved.
    tab_to(
        page,
        "the first lesson",
        "el.classList.contains('lesson-title')"
        " && el.getAttribute('href').startsWith('/courses/madry-research-careers/')",
    )
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessons/*")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    tab_to(page, "the quiz link", "el.textContent.trim() === 'Take the quiz'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/quiz")
    tab_to(page, "the start button", "el.value === 'Start quiz' || el.textContent === 'Start quiz'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/attempts/*")

    tab_to(page, "the first answer", "el.type === 'radio' || el.type === 'text'")
    kind = page.evaluate("() => document.activeElement.type")
    if kind == "radio":
        page.keyboard.press("Space")
        assert page.evaluate("() => document.activeElement.checked")
    else:
        page.keyboard.type("an answer")
        page.keyboard.press("Tab")
    first = page.locator("fieldset.quiz-question").first
    expect(first.locator("[data-save-status]")).to_contain_text("Saved")
