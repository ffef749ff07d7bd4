"""A new user registers, logs in, sees the navigation and logs out, in a real browser."""

import re

from playwright.sync_api import Page, expect


def test_register_login_navigate_logout(page: Page, live_server: str, shot, audit):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Learn from real conversations")).to_be_visible()
    shot("home")
    audit("home")

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Your name").fill("Maria")
    page.get_by_label("Email").fill("maria@example.org")
    page.get_by_label("Password", exact=True).fill("123")
    page.get_by_label("Repeat password").fill("123")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".error").first).to_contain_text("at least 8 characters")
    shot("register-error")
    audit("register with errors")

    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Repeat password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".flash")).to_contain_text("Welcome, Maria")

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".flash")).to_contain_text("You are logged out")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("maria@example.org")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash")).to_contain_text("Logged in as Maria")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.locator(".account-menu summary")).to_have_text("Maria")
    shot("logged-in")
    audit("home, logged in")

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
