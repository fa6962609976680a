"""The wires and agencies an article credits, proposed for its record's ``based_on``."""

from __future__ import annotations

from briefs.draft.credits import Credit, credits
from briefs.model import Actor
from conftest import FIXTURES

ARTICLES = FIXTURES / "multi" / "sources"
REGISTRY = {
    "bsa": Actor(name="Borvia State Agency", kind="media", aliases=["BSA"]),
    "bnn": Actor(name="Borvia News Network", kind="media", aliases=["BNN"]),
    "mara-olsen": Actor(name="Mara Olsen", kind="person"),
}


def test_a_dateline_credit_and_an_agency_that_reported():
    text = (ARTICLES / "nordwire-corridor.txt").read_text(encoding="utf-8")
    assert credits(text, REGISTRY) == [
        Credit("Nordwire", "its dateline", None),
        Credit("BSA", "state agency BSA", "bsa"),
    ]


def test_credits_in_the_ways_wires_give_them():
    text = (
        "Ceasefire talks resume\n\n"
        "GENEVA, March 3 (AP) — Talks resumed on Monday.\n\n"
        "The envoy arrived late, according to KCNA.\n\n"
        "Borvia News Network reported that the delegation left early. TASS reported nothing.\n"
    )
    assert [(c.name, c.how, c.actor) for c in credits(text, REGISTRY)] == [
        ("AP", "its dateline", None),
        ("KCNA", "according to KCNA", None),
        ("TASS", "TASS reported", None),
        ("Borvia News Network", "Borvia News Network reported", "bnn"),
    ]


def test_an_independent_report_credits_nobody():
    text = (ARTICLES / "courier-corridor.txt").read_text(encoding="utf-8")
    assert credits(text, REGISTRY) == []


def test_people_and_states_are_not_credits():
    text = (
        "Vask speaks\n\n(Corrected) - Mara Olsen said the US said nothing. NATO said so too, according to the WHO.\n\n"
        "The UN reported a delay. President Vask said so (on Monday) - twice.\n"
    )
    assert credits(text, REGISTRY) == []
