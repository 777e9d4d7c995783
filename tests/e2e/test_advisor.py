import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_fill_the_questionnaire_read_the_verdict_and_change_the_answers(site, page):
    page.goto(site.url + "/programs/mitx-supply-chain-management/")
    page.get_by_role("link", name="Is it worth it for me? Ask the advisor").click()

    page.get_by_label("Earn a master's degree").check()
    page.get_by_role(
        "group", name="Does the job or employer you aim for require a master's degree?"
    ).get_by_label("Yes").check()
    page.get_by_role("group", name="Do you have a bachelor's degree?").get_by_label("Yes").check()
    page.get_by_label("Your budget in US dollars").fill("$50,000")
    # MIT's master's is blended, its months on campus full time: 40 hours a week.
    page.get_by_label("Study hours a week").fill("40")
    page.get_by_label("Done within (months)").fill("36")
    page.get_by_role("button", name="Show my recommendation").click()

    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-verdict", "pathway")
    expect(verdict.get_by_role("heading")).to_contain_text("MicroMasters")
    # $1,991.64 for the MicroMasters (its newest prices) + half of the $74,000 degree, by hand.
    expect(page.get_by_text("$38,991.64").first).to_be_visible()
    expect(page.get_by_role("img", name="What each path costs you")).to_be_visible()
    shared = page.url

    page.get_by_role("link", name="Change my answers").click()
    expect(page.get_by_label("Your budget in US dollars")).to_have_value("$50,000")
    expect(page.get_by_label("A program you are looking at")).to_have_value("mitx-supply-chain-management")
    page.get_by_label("Your budget in US dollars").fill("0")
    page.get_by_role("button", name="Show my recommendation").click()
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "audit")

    page.goto(shared)
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "pathway")


def test_too_little_time_audits_and_the_line_saying_what_would_fit_keeps_its_promise(site, page):
    page.goto(site.url + "/advisor/")
    page.get_by_label("Learn job skills fast").check()
    page.get_by_role(
        "group", name="Does the job or employer you aim for require a master's degree?"
    ).get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Do you have a bachelor's degree?").get_by_label("Yes").check()
    page.get_by_label("Your budget in US dollars").fill("5000")
    page.get_by_label("Study hours a week").fill("2")
    page.get_by_label("Done within (months)").fill("6")
    page.get_by_role("button", name="Show my recommendation").click()

    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "audit")
    expect(page.get_by_text("For the MicroMasters to fit you would need")).to_be_visible()
    change = page.locator('#changes-title ~ ul li[data-verdict="micromasters"]').first
    param, value = change.get_attribute("data-param"), change.get_attribute("data-value")
    assert param in ("hours_per_week", "months")
    change.get_by_role("link").click()

    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "micromasters")
    expect(page).to_have_url(re.compile(rf"[?&]{param}={value}(&|$)"))


def test_wrong_answers_show_errors_next_to_the_fields(site, page):
    page.goto(site.url + "/advisor/")

    page.get_by_label("Your budget in US dollars").fill("a lot")
    page.get_by_role("button", name="Show my recommendation").click()

    expect(page.get_by_role("alert")).to_contain_text("Some answers need a look")
    budget = page.get_by_label("Your budget in US dollars")
    expect(budget).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_budget_error")).to_contain_text("Enter an amount in US dollars")
    expect(page).to_have_url(re.compile(r"/advisor/result/\?"))


def test_the_questionnaire_works_with_the_keyboard_alone(site, page):
    page.goto(site.url + "/advisor/")
    page.get_by_label("Learn job skills fast").focus()

    page.keyboard.press("Space")  # goal: skills
    page.keyboard.press("Tab")  # to "requires a master's?"
    page.keyboard.press("ArrowDown")  # Yes -> No
    page.keyboard.press("Tab")  # to "bachelor's degree?"
    page.keyboard.press("Space")  # Yes
    for value in ("3000", "8", "18"):  # budget, hours a week, months
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Enter")

    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "micromasters")
    query = page.url.split("?")[1].split("&")
    for parameter in (
        "goal=skills",
        "budget=3000",
        "hours_per_week=8",
        "months=18",
        "has_bachelors=yes",
        "needs_degree=no",
    ):
        assert parameter in query
