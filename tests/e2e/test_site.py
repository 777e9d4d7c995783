import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_home_page_navigation_works_without_console_errors(site, page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(site.url + "/")
    expect(page).to_have_title("MicroMasters or a master's? Decide with real numbers · micromasters")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    expect(page).to_have_url(site.url + "/programs/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Advisor").click()
    expect(page).to_have_url(site.url + "/advisor/")

    assert errors == []


def test_skip_link_appears_on_first_tab_and_moves_focus_to_main(site, page):
    page.goto(site.url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
