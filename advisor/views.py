from django.shortcuts import render


def questionnaire(request):
    return render(request, "advisor/questionnaire.html", {"nav": "advisor"})
