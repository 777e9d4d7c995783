"""Reading a paginated catalog list page after page."""

from catalog.models import Program


def shown(response) -> list:
    """The records a list page shows, in order: the degree index's page holds its degrees; the
    programs list's holds their ids, read here with their figures."""
    rows = list(response.context["page_obj"])
    if not all(isinstance(row, int) for row in rows):
        return rows
    programs = Program.objects.with_figures().in_bulk(rows)
    return [programs[key] for key in rows]


def listed(client, url, params=None):
    """The slug of every row the list at `url` shows for these parameters, across all pages, in the
    order shown, and the last page's response."""
    slugs, page = [], 1
    while True:
        response = client.get(url, {**(params or {}), "page": page})
        assert response.status_code == 200
        slugs += [row.slug for row in shown(response)]
        if not response.context["page_obj"].has_next():
            return response, slugs
        page += 1
