from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
]
