from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Degree, Field, Program, University
from micromasters.site import site_host, site_scheme


class SiteSitemap(Sitemap):
    """URLs on the site's own host and scheme, never the port of whoever asked (micromasters/site.py)."""

    def get_domain(self, site=None):
        return site_host(site.domain if site is not None else "")

    def get_protocol(self, protocol=None):
        return site_scheme(protocol or "https")


class StaticSitemap(SiteSitemap):
    def items(self):
        return [
            "home",
            "catalog:program_list",
            "catalog:university_list",
            "catalog:field_list",
            "catalog:degree_list",
            "advisor:questionnaire",
        ]

    def location(self, item):
        return reverse(item)


class ProgramSitemap(SiteSitemap):
    def items(self):
        return Program.objects.order_by("slug").only("slug", "verified_on")

    def lastmod(self, program):
        return program.verified_on


class DegreeSitemap(SiteSitemap):
    def items(self):
        return Degree.objects.order_by("slug").only("slug", "verified_on")

    def lastmod(self, degree):
        return degree.verified_on


class UniversitySitemap(SiteSitemap):
    def items(self):
        # The universities the index lists: those offering programs, then those with degrees only.
        listed = University.objects.with_programs() | University.objects.degrees_only()
        return listed.order_by("slug").only("slug")


class FieldSitemap(SiteSitemap):
    def items(self):
        return Field.objects.order_by("slug").only("slug")


SITEMAPS = {
    "pages": StaticSitemap,
    "programs": ProgramSitemap,
    "degrees": DegreeSitemap,
    "universities": UniversitySitemap,
    "fields": FieldSitemap,
}
