"""The editors' pages for degrees and credit pathways (catalog/admin_degrees.py): the figures they
show and the values they refuse."""

from decimal import Decimal

from catalog.models import CreditPathway, Degree
from tests.catalog.admin_pages import (
    FIVE_COURSES_AND_AN_EXAM,
    admin_url,
    form_as_opened,
)


def test_the_degree_list_shows_the_rate_and_the_total_tuition(admin_client, make_degree):
    make_degree(
        tuition_amount=Decimal(1000),
        tuition_currency="USD",
        tuition_unit="per_credit",
        tuition_count=Decimal(32),
    )

    response = admin_client.get(admin_url(Degree, "changelist"))

    content = response.content.decode()
    assert "$1,000 per credit" in content
    assert "$32,000" in content


def test_the_pathway_change_form_shows_what_is_left_to_pay_and_study(
    admin_client, make_program, make_degree, make_pathway
):
    program = make_program(courses=FIVE_COURSES_AND_AN_EXAM)
    degree = make_degree(
        tuition_amount=Decimal(1000),
        tuition_currency="USD",
        tuition_unit="per_credit",
        tuition_count=Decimal(32),
        months_max=24,
    )
    pathway = make_pathway(
        program=program, degree=degree, credits_granted=Decimal(8), credits_required=Decimal(32)
    )

    response = admin_client.get(admin_url(CreditPathway, "change", pathway.pk))

    content = response.content.decode()
    assert "25%" in content
    assert "$24,000" in content  # 32,000 x (1 - 0.25)
    assert "$25,350" in content  # + the program's 1,350
    assert "30 months" in content  # 12 for the program + 24 x (1 - 0.25)


def test_a_pathway_share_above_one_gets_a_form_error(admin_client, make_pathway):
    pathway = make_pathway()
    data = {
        "slug": pathway.slug,
        "program": pathway.program.pk,
        "degree": pathway.degree.pk,
        "status": "active",
        "verified_on": "2026-11-22",
        "share_min": "1.5",
    }

    response = admin_client.post(admin_url(CreditPathway, "change", pathway.pk), data)

    assert response.status_code == 200
    assert "A share of the degree must be more than 0 and at most 1" in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.share_min is None


def test_a_malformed_tuition_history_gets_a_form_error(admin_client, make_degree):
    degree = make_degree()
    page = admin_client.get(admin_url(Degree, "change", degree.pk))
    history = '[{"amount": 12.5, "currency": "USD", "year": 2016, "sources": []}]'

    response = admin_client.post(
        admin_url(Degree, "change", degree.pk), form_as_opened(page, tuition_history=history)
    )

    assert response.status_code == 200
    assert "tuition_history" in response.context["adminform"].form.errors
    degree.refresh_from_db()
    assert degree.tuition_history == []
