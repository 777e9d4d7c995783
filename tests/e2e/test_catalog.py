import re

import pytest
from playwright.sync_api import expect

from tests.catalog import expected

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def result_count(page):
    return int(page.locator("#result-count").get_attribute("data-count"))


def test_filter_open_and_compare_programs(site, page, catalog_data):
    page.goto(site.url + "/programs/")
    assert result_count(page) == len(catalog_data["programs"])

    page.get_by_role("group", name="University").get_by_label("Massachusetts Institute of Technology").check()
    page.get_by_label("Total price up to (USD)").fill("2000")
    page.get_by_role("button", name="Show programs").click()

    wanted = [
        p for p in catalog_data["programs"]
        if p["university"] == "mit" and (expected.price_from(p) or 10**9) <= 2000
    ]  # fmt: skip
    expect(page.locator("#result-count")).to_have_attribute("data-count", str(len(wanted)))
    expect(page.get_by_role("link", name=re.compile("Remove filter University"))).to_be_visible()

    page.get_by_role("link", name="MITx MicroMasters Program in Supply Chain Management (SCM)").click()
    expect(page).to_have_url(re.compile(r"/programs/mitx-supply-chain-management/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "MITx MicroMasters Program in Supply Chain Management (SCM)"
    )
    expect(page.get_by_text("$1,350").first).to_be_visible()

    page.goto(site.url + "/programs/?university=mit")
    cards = page.locator(".program-card")
    cards.nth(0).get_by_label(re.compile("^Compare")).check()
    cards.nth(1).get_by_label(re.compile("^Compare")).check()
    first, second = cards.nth(0).locator("h3").inner_text(), cards.nth(1).locator("h3").inner_text()
    page.get_by_role("button", name="Compare selected").click()

    expect(page).to_have_url(re.compile(r"/compare/\?programs=.+&programs=.+"))
    headers = page.locator("table.compare thead th")
    expect(headers).to_have_count(2)
    expect(headers.nth(0)).to_contain_text(first)
    expect(headers.nth(1)).to_contain_text(second)


def test_the_filter_form_works_with_the_keyboard_alone(site, page):
    page.goto(site.url + "/programs/")

    page.get_by_label("Search", exact=True).focus()
    page.keyboard.type("supply")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"q=supply"))
    expect(page.locator("#result-count")).not_to_have_attribute("data-count", "0")


def test_pages_fit_a_phone_screen(site, page):
    page.set_viewport_size({"width": 375, "height": 740})
    paths = [
        "/programs/",
        "/programs/mitx-supply-chain-management/",
        "/compare/?programs=mitx-finance&programs=mitx-supply-chain-management",
        "/advisor/result/?goal=degree&budget=50000&hours_per_week=10&months=36&has_bachelors=yes"
        "&needs_degree=yes&program=mitx-supply-chain-management",
    ]

    overflow = {}
    for path in paths:
        page.goto(site.url + path)
        overflow[path] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    assert all(pixels <= 0 for pixels in overflow.values()), overflow
