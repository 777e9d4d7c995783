"""The changes feed (Atom): programs added, changed or removed, and course prices that changed.

Read from the records' history (history.py), newest first: what changed is found by comparing each
version with the one before it, so an import that rewrites nothing adds nothing here. Editors'
names stay in the admin; the feed says what changed and when.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from catalog import formatting
from catalog.caching import cached_page
from catalog.models import Course, Program
from micromasters.site import site_url

FEED_SIZE = 50
# Course versions read to find FEED_SIZE price changes among other course edits.
COURSE_VERSIONS_READ = 400
PRICE_FIELDS = ("price", "price_currency")


@dataclass(frozen=True)
class Change:
    title: str
    description: str
    path: str
    date: datetime
    guid: str


def _with_previous(versions, model):
    """Each version with the one before it of the same record (None for the first), in one query."""
    ids = {version.id for version in versions}
    history = model.history.filter(id__in=ids).order_by("id", "history_date", "history_id")
    previous, last = {}, {}
    for version in history:
        previous[version.history_id] = last.get(version.id)
        last[version.id] = version
    return [(version, previous.get(version.history_id)) for version in versions]


def _field_names(model, names):
    """The fields' names as the model lists them (diff_against gives them in no set order)."""
    fields = [field for field in model._meta.concrete_fields if field.name in names]
    return ", ".join(str(field.verbose_name) for field in fields)


def program_changes() -> list[Change]:
    versions = list(Program.history.order_by("-history_date", "-history_id")[:FEED_SIZE])
    changes = []
    for version, before in _with_previous(versions, Program):
        path = reverse("catalog:program_detail", args=[version.slug])
        guid = f"program-{version.history_id}"
        if version.history_type == "+" or before is None:
            title, text = f"New program: {version.title}", "Added to the catalog."
        elif version.history_type == "-":
            title, text, path = (
                f"Removed: {version.title}",
                "No longer in the catalog.",
                reverse("catalog:program_list"),
            )
        else:
            changed = version.diff_against(before).changed_fields
            if not changed:
                continue
            title = f"Changed: {version.title}"
            text = f"Changed: {_field_names(Program, changed)}."
        changes.append(Change(title, text, path, version.history_date, guid))
    return changes


def price_changes() -> list[Change]:
    versions = list(
        Course.history.filter(history_type="~").order_by("-history_date", "-history_id")[
            :COURSE_VERSIONS_READ
        ]
    )
    changed = [
        (version, before)
        for version, before in _with_previous(versions, Course)
        if before is not None and any(getattr(version, f) != getattr(before, f) for f in PRICE_FIELDS)
    ][:FEED_SIZE]
    programs = Program.objects.in_bulk({version.program_id for version, _ in changed})
    changes = []
    for version, before in changed:
        program = programs.get(version.program_id)
        if program is None:
            continue
        course = version.title or version.code or f"Course {version.position}"
        now = formatting.money(version.price, version.price_currency)
        was = formatting.money(before.price, before.price_currency)
        year = f" ({version.price_year})" if version.price_year else ""
        was_year = f" in {before.price_year}" if before.price_year else ""
        changes.append(
            Change(
                f"Price changed: {course}, {program.title}",
                f"Now {now}{year}; was {was}{was_year}.",
                program.get_absolute_url(),
                version.history_date,
                f"price-{version.history_id}",
            )
        )
    return changes


def recent_changes() -> list[Change]:
    changes = [*program_changes(), *price_changes()]
    return sorted(changes, key=lambda change: change.date, reverse=True)[:FEED_SIZE]


class ChangesFeed(Feed):
    """Absolute URLs come from the site's own address (site.py), never from the request's Host."""

    feed_type = Atom1Feed
    title = "MicroMasters catalog: new and changed programs and prices"
    subtitle = "Programs added, changed or removed, and course prices that changed, newest first."

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        return site_url(request, reverse("catalog:program_list"))

    def feed_url(self, request):
        return site_url(request, reverse("catalog:changes_feed"))

    def items(self, request):
        return [
            replace(
                change, path=site_url(request, change.path), guid=site_url(request, f"/changes/{change.guid}")
            )
            for change in recent_changes()
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.path

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date


# Cached per catalog version like every page: the feed changes only when the catalog does.
changes_feed = cached_page(ChangesFeed())
