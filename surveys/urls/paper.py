"""URLs of the paper pages: printing packets, keying returned forms twice and reconciling them
(coordinators only). Paper codes are typed into the pages, never put in an address."""

from django.urls import path

from surveys.views import paper

urlpatterns = [
    path("cycles/<slug:slug>/paper/packets/", paper.paper_packets, name="paper-packets"),
    path("cycles/<slug:slug>/paper/key/", paper.paper_key, name="paper-key"),
    path("cycles/<slug:slug>/paper/reconcile/", paper.paper_reconcile, name="paper-reconcile"),
]
