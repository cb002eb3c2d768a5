"""VISA-H and PHAT in Dutch: every item's words, no stray keys, marked as the project's
own translation, and answered in the request's language with the same scoring."""

import pytest

from questionnaires.schema import DefinitionError, validate_definition
from questionnaires.services import DEFINITIONS_DIR, shipped_definitions

SHIPPED = {d.key: d for d in shipped_definitions()}


def english_keys(d) -> set[str]:
    keys = {"intro"} if d.intro else set()
    for item in d.items:
        keys.add(f"{item.key}.prompt")
        keys |= {f"{item.key}.{f}" for f in ("min_label", "max_label") if getattr(item, f)}
        if item.options:
            keys.add(f"{item.key}.options")
    return keys


def dutch_keys(d) -> set[str]:
    t = d.translations["nl"]
    keys = {"intro"} if t.intro is not None else set()
    for key, text in t.items.items():
        fields = ("prompt", "min_label", "max_label", "options")
        keys |= {f"{key}.{f}" for f in fields if getattr(text, f) is not None}
    return keys


def test_both_questionnaires_have_a_dutch_file():
    assert sorted(p.stem.split(".")[0] for p in DEFINITIONS_DIR.glob("*.nl.yaml")) == sorted(
        SHIPPED
    )


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_the_dutch_words_cover_every_english_text_and_nothing_else(key):
    assert dutch_keys(SHIPPED[key]) == english_keys(SHIPPED[key])


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_the_dutch_words_do_not_claim_a_validated_version(key):
    assert "not a validated instrument version" in SHIPPED[key].translations["nl"].note


def test_words_for_an_item_or_option_that_is_not_there_are_refused():
    document = SHIPPED["visa_h"].model_dump(mode="json")
    document["translations"]["nl"]["items"]["q9"] = {"prompt": "Een vraag te veel?"}
    document["translations"]["nl"]["items"]["q7"]["options"] = ["Nee", "Ja"]
    with pytest.raises(DefinitionError) as error:
        validate_definition(document, source="test")
    assert [p.split(":")[0] for p in error.value.problems] == [
        "translations.nl.items.q7.options",
        "translations.nl.items.q9",
    ]


@pytest.mark.django_db
def test_visa_h_is_asked_in_dutch_and_scored_the_same(enrolled, api):
    client = api(enrolled.patient.user)

    def visa(language):
        response = client.get("/api/v1/questionnaires/", HTTP_ACCEPT_LANGUAGE=language)
        return next(row for row in response.json()["results"] if row["key"] == "visa_h")

    english, dutch = visa("en"), visa("nl")
    assert english["items"] == [i.model_dump(mode="json") for i in SHIPPED["visa_h"].items]
    assert english["intro"] == SHIPPED["visa_h"].intro
    assert dutch["items"][0]["prompt"] == "Hoe lang kun je zitten voordat de pijn in je bil begint?"
    assert dutch["intro"].startswith("Over pijn diep in de bil")
    q7 = next(i for i in dutch["items"] if i["key"] == "q7")
    assert [(o["label"], o["points"]) for o in q7["options"]][0] == ("Helemaal niet", 0)

    def shape(row):  # everything but the words
        return [
            (
                i["key"],
                i["kind"],
                i["min"],
                i["max"],
                i["shown_if"],
                [(o["value"], o["points"]) for o in i["options"]],
            )
            for i in row["items"]
        ]

    assert shape(dutch) == shape(english)
