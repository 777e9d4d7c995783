from django.http import QueryDict

from catalog.forms import COMPARE_MAX, CompareForm


def compare_form(query):
    return CompareForm(QueryDict(query))


def test_the_programs_keep_their_order_without_blanks_or_repeats():
    form = compare_form("programs=beta&programs=&programs=alpha&programs=beta")

    assert form.slugs == ["beta", "alpha"]
    assert form.notices({"alpha", "beta"}) == []


def test_past_the_cap_the_first_programs_are_kept_and_the_page_says_so():
    form = compare_form("&".join(f"programs=p{number}" for number in range(COMPARE_MAX + 2)))

    assert form.slugs == [f"p{number}" for number in range(COMPARE_MAX)]
    assert form.notices(set(form.slugs)) == [
        f"Up to {COMPARE_MAX} programs can be compared; the first {COMPARE_MAX} are shown."
    ]


def test_a_value_that_is_no_slug_is_not_looked_up_but_named_back():
    form = compare_form("programs=alpha&programs=a%20b&programs=%C3%A9t%C3%A9")

    assert form.slugs == ["alpha", "a b", "été"]
    assert form.lookup_slugs == ["alpha"]
    assert form.notices({"alpha"}) == ["No program matches “a b”, “été”."]


def test_no_programs_asked_is_an_empty_comparison_without_messages():
    form = compare_form("")

    assert form.is_valid()
    assert form.slugs == []
    assert form.notices(set()) == []
