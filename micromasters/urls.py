from django.contrib import admin
from django.urls import include, path

from micromasters import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("catalog.urls")),
    path("", include("advisor.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
]
