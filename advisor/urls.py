from django.urls import path

from advisor import views

app_name = "advisor"
urlpatterns = [
    path("advisor/", views.questionnaire, name="questionnaire"),
    path("advisor/result/", views.result, name="result"),
    path("advisor/method/", views.method, name="method"),
]
