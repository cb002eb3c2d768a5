"""The shipped protocols' words in Dutch: every text the English has, no stray keys, and
a Dutch patient reads them on Today and the protocol page while English stays as it was."""

from pathlib import Path

import pytest
import yaml

from protocols.services import DEFINITIONS_DIR, read_definitions
from protocols.translations import english_keys, translated_keys
from rehab.reviews import override
from tests.rehab.test_gate_scenarios import daily_logs, evaluate, run
from tests.rehab.test_news import rtr  # noqa: F401 - the fixture

SHIPPED = {d.slug: d for d in read_definitions()}
TRANSLATED = sorted(p.stem.split(".")[0] for p in DEFINITIONS_DIR.glob("*.nl.yaml"))


def test_every_shipped_protocol_has_a_dutch_translation():
    assert TRANSLATED == sorted(SHIPPED)


@pytest.mark.parametrize("slug", TRANSLATED)
def test_the_dutch_translation_covers_every_english_text_and_nothing_else(slug):
    definition = SHIPPED[slug]
    dutch = translated_keys(definition.translations["nl"])
    assert english_keys(definition) - dutch == set(), "left in English"
    assert dutch - english_keys(definition) == set(), "not in the protocol"


@pytest.mark.parametrize("slug", TRANSLATED)
def test_the_dutch_file_says_who_translated_it(slug):
    document = yaml.safe_load(Path(DEFINITIONS_DIR / f"{slug}.nl.yaml").read_text())
    assert "not checked against a published Dutch version" in document["note"]


def english_of(slug: str) -> dict:
    """What the protocol page said before any translation: the definition's own words."""
    d = SHIPPED[slug]
    exercises = {e.key: e for e in d.exercises}
    return {
        "disclaimer": d.disclaimer,
        "phases": [
            {
                "name": p.name,
                "aim": p.aim,
                "avoid": list(p.avoid),
                "advice": list(p.advice),
                "typical_duration": p.typical_duration,
                "prescriptions": [
                    {
                        "load": rx.load,
                        "notes": rx.notes,
                        "exercise": {
                            "name": exercises[rx.exercise].name,
                            "description": exercises[rx.exercise].description,
                            "cues": list(exercises[rx.exercise].cues),
                        },
                    }
                    for rx in p.prescriptions
                ],
            }
            for p in d.phases
        ],
    }


def words_of(body: dict) -> dict:
    fields = ("name", "aim", "avoid", "advice", "typical_duration")
    return {
        "disclaimer": body["disclaimer"],
        "phases": [
            {
                **{f: p[f] for f in fields},
                "prescriptions": [
                    {
                        "load": rx["load"],
                        "notes": rx["notes"],
                        "exercise": {f: rx["exercise"][f] for f in ("name", "description", "cues")},
                    }
                    for rx in p["prescriptions"]
                ],
            }
            for p in body["phases"]
        ],
    }


def unlabelled(value):
    """The page without its criteria's labels (which a translation may give)."""
    if isinstance(value, dict):
        return {k: unlabelled(v) for k, v in value.items() if k != "label"}
    if isinstance(value, list):
        return [unlabelled(v) for v in value]
    return value


@pytest.mark.parametrize("slug", sorted(SHIPPED))
def test_the_protocol_page_in_dutch_and_in_english(cast, api, shipped, slug):
    client = api(cast.patient.user)
    english = client.get(f"/api/v1/protocols/{slug}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert words_of(english) == english_of(slug)
    unsaid = client.get(f"/api/v1/protocols/{slug}/").json()
    assert words_of(unsaid) == english_of(slug)

    dutch = client.get(f"/api/v1/protocols/{slug}/", HTTP_ACCEPT_LANGUAGE="nl").json()
    nl = SHIPPED[slug].translations["nl"]
    assert [p["name"] for p in dutch["phases"]] == [
        nl.phases[p.key].name for p in SHIPPED[slug].phases
    ]
    assert dutch["disclaimer"] == nl.disclaimer
    assert dutch["summary"] == nl.summary
    for en_phase, nl_phase, phase in zip(
        english["phases"], dutch["phases"], SHIPPED[slug].phases, strict=True
    ):
        if phase.run_plan and phase.run_plan.strides:
            assert en_phase["run_plan"]["strides"] == phase.run_plan.strides
            strides = nl.phases[phase.key].strides
            assert nl_phase["run_plan"] == {**en_phase["run_plan"], "strides": strides}
    # Only the words change: keys, doses and gates are the same.
    words = ("phases", "summary", "disclaimer")
    assert unlabelled({k: v for k, v in dutch.items() if k not in words}) == unlabelled(
        {k: v for k, v in english.items() if k not in words}
    )


def test_today_in_dutch_and_in_english(enrolled, api):
    client = api(enrolled.patient.user)
    english = client.get("/api/v1/today/", HTTP_ACCEPT_LANGUAGE="en").json()
    dutch = client.get("/api/v1/today/", HTTP_ACCEPT_LANGUAGE="nl").json()

    (phase,) = english["phases"]
    assert phase["phase"]["key"] == "stage-1"
    assert (phase["phase"]["name"], dutch["phases"][0]["phase"]["name"]) == (
        "Isometric",
        "Isometrisch",
    )
    assert dutch["phases"][0]["phase"]["avoid"][0] == "rekken"
    assert [e["exercise"]["name"] for e in english["exercises"]] == [
        "Bridge hold (double leg, then single leg)",
        "Prone knee-flexion hold",
        "Straight-leg heel pull-down hold",
    ]
    assert [e["exercise"]["name"] for e in dutch["exercises"]] == [
        "Bridge vasthouden (op twee benen, daarna op één been)",
        "Knie buigen in buiklig, vasthouden",
        "Hak omlaag drukken met gestrekt been, vasthouden",
    ]
    assert (
        dutch["exercises"][1]["notes"]
        == "5 x 30-45 s vasthouden, 2 min rust, dagelijks (Rio 2015)."
    )
    assert english["exercises"][1]["notes"] == "5 x 30-45 s holds, 2 min rest, daily (Rio 2015)."
    assert [e["sets"] for e in dutch["exercises"]] == [e["sets"] for e in english["exercises"]]


def test_todays_news_names_the_phases_in_dutch(cast, api, rtr):  # noqa: F811
    override(enrolment_id=rtr.pk, to_phase_key="level-3", reason="Verder", user=cast.physio)
    daily_logs(rtr, days=14, morning=1, sessions=False)
    run(rtr, 0, level=3, limp=True)
    evaluate(api, cast, rtr)

    def moved_back(language):
        response = api(cast.patient.user).get("/api/v1/today/", HTTP_ACCEPT_LANGUAGE=language)
        return next(i for i in response.json()["news"] if i["kind"] == "moved_back")

    dutch, english = moved_back("nl"), moved_back("en")
    assert (dutch["from_phase"], dutch["to_phase"]) == ("Niveau 3", "Niveau 2")
    assert dutch["advice"] == "Bouw weer op vanaf Niveau 2."
    assert (english["from_phase"], english["to_phase"]) == ("Level 3", "Level 2")
    assert english["advice"] == "Build up again from Level 2."


DURING = "worst pain during your last 2 runs: 3 or less"


def test_a_label_the_protocol_wrote_itself_is_read_in_dutch(cast, api, rtr):  # noqa: F811
    evaluate(api, cast, rtr)
    client = api(cast.patient.user)

    def labels(language):
        url = f"/api/v1/enrolments/{rtr.pk}/"
        gate = client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()["gate"]
        return [c["label"] for c in gate["criteria"]]

    assert DURING in labels("en")
    assert "ergste pijn tijdens je laatste 2 lopen: 3 of minder" in labels("nl")
    assert DURING not in labels("nl")

    page = client.get("/api/v1/protocols/return-to-run/", HTTP_ACCEPT_LANGUAGE="nl").json()
    first_gate = [c["label"] for c in page["gates"][0]["criteria"]]
    assert "ergste pijn tijdens je laatste 2 lopen: 3 of minder" in first_gate
    english = client.get("/api/v1/protocols/return-to-run/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert DURING in [c["label"] for c in english["gates"][0]["criteria"]]


def test_the_patients_plan_names_the_phase_and_exercises_in_dutch(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    client = api(enrolled.patient.user)
    url = f"/api/v1/enrolments/{enrolment.pk}/plan/"
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").json()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert (dutch["phase"]["name"], english["phase"]["name"]) == ("Isometrisch", "Isometric")
    assert [i["exercise"]["name"] for i in dutch["items"]][
        1
    ] == "Knie buigen in buiklig, vasthouden"
    assert [i["exercise"]["name"] for i in english["items"]][1] == "Prone knee-flexion hold"
