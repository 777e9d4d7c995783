""" "Checked today" (catalog/admin_checks.py): the list action and the change form's button set the
verified date and who checked, and say which records still need newer figures."""

import datetime

from django.utils import timezone

from catalog.models import CreditPathway, Degree, Program
from tests.catalog.admin_pages import admin_url, form_as_opened, staff

LONG_AGO = datetime.date(2020, 1, 15)


def test_the_checked_today_action_sets_the_date_and_the_user_and_clears_the_stale_flag(
    admin_client, make_program
):
    program = make_program(verified_on=LONG_AGO, facts_year=timezone.localdate().year)
    assert program.is_stale()

    response = admin_client.post(
        admin_url(Program, "changelist"), {"action": "mark_checked_today", "_selected_action": [program.pk]}
    )

    program.refresh_from_db()
    assert response.status_code == 302
    assert program.verified_on == timezone.localdate()
    assert program.verified_by == staff(admin_client)
    assert not program.is_stale()
    latest = program.history.latest()
    assert latest.history_user == staff(admin_client)
    assert latest.history_change_reason == "checked against its sources"


def test_checking_a_record_whose_figures_are_old_says_it_is_still_out_of_date(admin_client, make_degree):
    degree = make_degree(verified_on=LONG_AGO, facts_year=2019)

    response = admin_client.post(
        admin_url(Degree, "changelist"),
        {"action": "mark_checked_today", "_selected_action": [degree.pk]},
        follow=True,
    )

    degree.refresh_from_db()
    assert degree.verified_on == timezone.localdate()
    assert degree.stale_reasons() == ["newest figure from 2019"]
    assert "Still marked “may be out of date”" in response.content.decode()


def test_the_change_form_button_saves_and_marks_the_record_checked_today(admin_client, make_pathway):
    pathway = make_pathway(verified_on=LONG_AGO, facts_year=timezone.localdate().year)
    change = admin_url(CreditPathway, "change", pathway.pk)
    opened = admin_client.get(change)
    assert 'name="_checked_today"' in opened.content.decode()

    response = admin_client.post(change, form_as_opened(opened, _checked_today="1"))

    pathway.refresh_from_db()
    assert response.status_code == 302
    assert response.url == change
    assert pathway.verified_on == timezone.localdate()
    assert pathway.verified_by == staff(admin_client)
    assert not pathway.is_stale()


def test_a_plain_save_leaves_the_verified_date_as_typed(admin_client, make_program):
    program = make_program(verified_on=LONG_AGO)
    change = admin_url(Program, "change", program.pk)

    admin_client.post(change, form_as_opened(admin_client.get(change), title="Renamed"))

    program.refresh_from_db()
    assert (program.title, program.verified_on, program.verified_by) == ("Renamed", LONG_AGO, None)
