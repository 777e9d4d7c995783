from django.shortcuts import render


def program_list(request):
    return render(request, "catalog/program_list.html", {"nav": "programs"})
