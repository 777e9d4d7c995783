from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from catalog.admin_desk import gaps_desk
from catalog.sitemaps import SITEMAPS
from micromasters import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("catalog.urls")),
    path("", include("advisor.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/catalog/gaps/", admin.site.admin_view(gaps_desk), name="admin_gaps"),
    path("admin/", admin.site.urls),
]
