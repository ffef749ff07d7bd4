"""The browser enforces the site's Content-Security-Policy, and the site itself never trips it.

Every other browser test fails on a CSP report in its page's console (tests/e2e/conftest.py);
this one shows that such a report does appear when something breaks the policy.
"""

from playwright.sync_api import Browser, Page, expect

INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.body.append(script);
  const styled = document.createElement("p");
  styled.setAttribute("style", "color: rgb(255, 0, 0)");
  styled.id = "styled";
  styled.textContent = "injected";
  document.body.append(styled);
  return getComputedStyle(styled).color;
}"""


def test_an_injected_inline_script_and_style_do_not_apply(browser: Browser, live_server: str):
    page = browser.new_page()
    reports: list[str] = []
    page.on("console", lambda message: reports.append(message.text))
    page.goto(live_server + "/account/login")
    color = page.evaluate(INJECT)
    assert page.evaluate("() => window.injected === true") is False
    assert color != "rgb(255, 0, 0)"
    page.wait_for_timeout(200)  # let the console reports arrive
    assert any("Content Security Policy" in text for text in reports), reports
    page.close()


def test_the_quiz_and_lesson_scripts_run_under_the_policy(page: Page, live_server: str):
    # timezone.js runs on every page: it sets the tz cookie; a CSP block would leave none.
    page.goto(live_server + "/")
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()
    cookies = {cookie["name"] for cookie in page.context.cookies()}
    assert "tz" in cookies
