"""Public workshop pages: no account needed."""

from django.http import Http404

from pep.access import public


@public
def catalog(request):
    raise Http404


@public
def offering_detail(request, pk: int):
    raise Http404


@public
def registration(request, token: str):
    raise Http404
