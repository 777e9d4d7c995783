from django.urls import path

from catalog import downloads, feeds, views

app_name = "catalog"
urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/<slug:slug>/", views.program_detail, name="program_detail"),
    path("universities/", views.university_list, name="university_list"),
    path("universities/<slug:slug>/", views.university_detail, name="university_detail"),
    path("fields/", views.field_list, name="field_list"),
    path("fields/<slug:slug>/", views.field_detail, name="field_detail"),
    path("degrees/", views.degree_list, name="degree_list"),
    path("degrees/<slug:slug>/", views.degree_detail, name="degree_detail"),
    path("compare/", views.compare, name="compare"),
    # Open data (downloads.py) and the changes feed (feeds.py).
    path("programs.csv", downloads.programs_csv, name="programs_csv"),
    path("programs.json", downloads.programs_json, name="programs_json"),
    path("catalog.json", downloads.catalog_json, name="catalog_json"),
    path("data/", downloads.data, name="data"),
    path("changes.atom", feeds.changes_feed, name="changes_feed"),
]
