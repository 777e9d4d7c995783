"""The rows the program and compare pages write in Python (catalog/templatetags/catalog_rows.py):
a course's prerequisites, a pathway's credit and totals, a source without an address, the
programs the compare page offers to add."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Course, Source

pytestmark = pytest.mark.django_db


def program_page(client, program) -> str:
    return client.get(reverse("catalog:program_detail", args=[program.slug])).content.decode()


def requires_cells(html) -> list[str]:
    return re.findall(r'<td data-label="Requires">(.*?)</td>', html)


def test_a_course_names_its_prerequisites_by_code_else_by_position_in_position_order(client, make_program):
    program = make_program(courses=[{"code": "SC1x"}, {}, {"code": "SC3x"}])
    first, second, third = Course.objects.filter(program=program).order_by("position")
    third.prerequisites.add(second, first)  # added out of order

    html = program_page(client, program)

    assert requires_cells(html) == ["–", "–", "SC1x, 2"]


def test_a_source_without_an_address_is_listed_with_how_to_find_it(client, make_program):
    program = make_program()
    program.sources.add(
        Source.objects.create(
            key="shelf",
            title="Course <catalogue>",
            locator="Library, shelf 3",
            publisher="R & D",
            kind="print_copy",
        )
    )

    html = program_page(client, program)

    assert (
        '<li id="source-1" value="1">Course &lt;catalogue&gt; <span class="muted">(Library, shelf 3)</span>, '
        'R &amp; D (undated) <span class="muted">· print copy</span></li>'
    ) in html


def test_a_pathway_row_states_its_credits_share_and_what_is_left_to_pay(
    client, make_program, make_degree, make_pathway
):
    program = make_program(published_total=Decimal("1000"), course_count=1)
    degree = make_degree(
        title="MS in Rows", tuition_amount=Decimal("30000"), months_max=24, tuition_currency="USD"
    )
    make_pathway(
        program=program,
        degree=degree,
        credits_granted=Decimal("8"),
        credits_required=Decimal("32"),
        credit_unit="credits",
        degree_name_lister="A & B",
    )

    html = program_page(client, program)

    assert (
        f'<a href="/degrees/{degree.slug}/">MS in Rows</a> <span class="small muted">(as listed by A &amp; B)</span>'
        in html
    )
    # 8 of 32 credits is 25%: $30,000 x 75% = $22,500 left, $23,500 with the program's $1,000.
    assert '<span class="num">8 of 32</span> credits (<span class="num">25%</span>)' in html
    assert 'data-label="Tuition left"><span class="num">$22,500</span>' in html
    assert 'data-label="Total via pathway"><span class="num">$23,500</span></td>' in html


def test_compare_offers_the_other_programs_by_title_escaped(client, make_program):
    shown = make_program(title="Middle")
    make_program(title="Zeta <Z>")
    make_program(title="Alpha & Omega")

    html = client.get(reverse("catalog:compare"), {"programs": shown.slug}).content.decode()

    options = re.findall(r"<option value=\"[^\"]+\">(.*?)</option>", html)
    assert options == ["Alpha &amp; Omega", "Zeta &lt;Z&gt;"]
