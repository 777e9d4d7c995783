from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Degree, Field, Program, University


class StaticSitemap(Sitemap):
    def items(self):
        return [
            "home",
            "catalog:program_list",
            "catalog:university_list",
            "catalog:field_list",
            "advisor:questionnaire",
        ]

    def location(self, item):
        return reverse(item)


class ProgramSitemap(Sitemap):
    def items(self):
        return Program.objects.order_by("slug").only("slug", "verified_on")

    def lastmod(self, program):
        return program.verified_on


class DegreeSitemap(Sitemap):
    def items(self):
        return Degree.objects.order_by("slug").only("slug", "verified_on")

    def lastmod(self, degree):
        return degree.verified_on


class UniversitySitemap(Sitemap):
    def items(self):
        # The universities the index lists: those offering programs, then those with degrees only.
        listed = University.objects.offering_programs() | University.objects.degrees_only()
        return listed.order_by("slug").only("slug")


class FieldSitemap(Sitemap):
    def items(self):
        return Field.objects.order_by("slug").only("slug")


SITEMAPS = {
    "pages": StaticSitemap,
    "programs": ProgramSitemap,
    "degrees": DegreeSitemap,
    "universities": UniversitySitemap,
    "fields": FieldSitemap,
}
