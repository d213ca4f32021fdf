from django.http import HttpResponse


def home(request):
    return HttpResponse("Practica")


def healthz(request):
    return HttpResponse("ok")


def not_found(request, exception=None):
    return HttpResponse("Not found", status=404)


def server_error(request):
    return HttpResponse("Server error", status=500)
