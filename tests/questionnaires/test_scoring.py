"""VISA-H and PHAT scoring by the instruments' rules, and the shipped files' shape (pure)."""

from decimal import Decimal

import pytest
import yaml

from questionnaires.schema import DefinitionError, most_points, validate_definition
from questionnaires.scoring import InvalidAnswers, asked, score
from questionnaires.services import DEFINITIONS_DIR, shipped_definitions

VISA_H = next(d for d in shipped_definitions() if d.key == "visa_h")
PHAT = next(d for d in shipped_definitions() if d.key == "phat")


def visa(q1_6=(10,) * 6, q7=3, q8="a", minutes=4):
    answers = {f"q{i + 1}": v for i, v in enumerate(q1_6)}
    return {**answers, "q7": q7, "q8": q8, f"q8{q8}": minutes}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (visa(), 100),  # no symptoms, full sport, pain-free > 30 min
        (visa(q1_6=(0,) * 6, q7=0, q8="c", minutes=0), 0),  # the floor
        (visa(q1_6=(5,) * 6, q7=1, q8="a", minutes=2), 30 + 4 + 14),
        (visa(q7=2, q8="b", minutes=4), 60 + 7 + 20),  # pain that does not stop: 20 at most
        (visa(q7=3, q8="c", minutes=4), 60 + 10 + 10),  # pain that stops: 10 at most
        (visa(q1_6=(10, 0, 10, 0, 10, 0), q7=0, q8="b", minutes=1), 30 + 0 + 4),
        (visa(q1_6=(1, 2, 3, 4, 5, 6), q7=2, q8="c", minutes=3), 21 + 7 + 7),
        (visa(q8="a", minutes=0), 60 + 10 + 0),  # no pain, but not training at all
    ],
)
def test_visa_h_scores_by_the_instrument_rules(answers, expected):
    assert score(VISA_H, answers) == Decimal(expected)


def test_visa_h_item_7_is_one_of_0_4_7_10():
    points = [o.points for o in VISA_H.item("q7").options]
    assert points == [0, 4, 7, 10]


def test_visa_h_item_8_reaches_30_only_on_the_pain_free_branch():
    assert [max(o.points for o in VISA_H.item(k).options) for k in ("q8a", "q8b", "q8c")] == [
        30,
        20,
        10,
    ]


def test_visa_h_asks_only_the_branch_chosen():
    shown = [item.key for item in asked(VISA_H, {"q8": "b"})]
    assert "q8b" in shown and "q8a" not in shown and "q8c" not in shown


@pytest.mark.parametrize(
    ("answers", "item", "words"),
    [
        ({**visa(), "q1": 11}, "q1", "from 0 to 10"),
        ({**visa(), "q1": -1}, "q1", "from 0 to 10"),
        ({**visa(), "q2": 4.5}, "q2", "whole number"),
        ({**visa(), "q3": True}, "q3", "whole number"),
        ({**visa(), "q4": "lots"}, "q4", "whole number"),
        ({**visa(), "q7": 4}, "q7", "Choose one of"),
        ({**visa(), "q8": "d"}, "q8", "Choose one of"),
        ({k: v for k, v in visa().items() if k != "q5"}, "q5", "Answer this question"),
        ({**visa(q8="a"), "q8b": 2}, "q8b", "Not asked"),
        ({**visa(), "q9": 1}, "q9", "no question"),
        ({**visa(q8="c"), "q8c": None}, "q8c", "Answer this question"),
    ],
)
def test_a_bad_answer_is_refused_with_a_message_for_its_item(answers, item, words):
    with pytest.raises(InvalidAnswers) as refused:
        score(VISA_H, answers)
    assert words in refused.value.problems[item]


def test_scale_answers_may_come_as_text_digits_from_a_form():
    assert score(VISA_H, {**visa(), "q1": "7"}) == Decimal(97)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((10,) * 8, "100.0"),
        ((0,) * 8, "0.0"),
        ((5,) * 8, "50.0"),
        ((1, 0, 0, 0, 0, 0, 0, 0), "1.3"),
        ((7, 7, 7, 7, 7, 7, 7, 6), "68.8"),
        ((10, 10, 10, 10, 10, 10, 10, 9), "98.8"),
    ],
)
def test_phat_is_the_sum_of_its_items_scaled_to_100(values, expected):
    answers = {f"p{i + 1}": v for i, v in enumerate(values)}
    assert score(PHAT, answers) == Decimal(expected)


@pytest.mark.parametrize("definition", shipped_definitions(), ids=lambda d: d.key)
def test_every_item_has_a_prompt_and_every_option_points(definition):
    for item in definition.items:
        assert len(item.prompt) >= 10, item.key
        if item.kind == "choice":
            assert item.options and all(o.points is not None and o.label for o in item.options)
        else:
            assert (item.min, item.max) == (0, 10) and item.min_label and item.max_label


@pytest.mark.parametrize("definition", shipped_definitions(), ids=lambda d: d.key)
def test_every_shipped_questionnaire_tops_out_at_100(definition):
    top = most_points(definition)
    full = score(definition, best_answers(definition))
    assert full == 100 and (top == 100 or definition.scoring.method == "sum_scaled")


def best_answers(definition):
    answers = {}
    for item in definition.items:
        if item.shown_if and answers.get(item.shown_if.item) != item.shown_if.equals:
            continue
        if item.kind == "scale":
            answers[item.key] = item.max
        else:
            answers[item.key] = max(item.options, key=lambda o: o.points).value
    return answers


def test_every_definition_cites_its_source_and_phat_says_its_items_are_unconfirmed():
    for definition in shipped_definitions():
        assert "20" in definition.source and "doi" in definition.source
    assert PHAT.structure_confirmed is False
    assert all(item.clinic_default for item in PHAT.items)


def load(name):
    return yaml.safe_load((DEFINITIONS_DIR / f"{name}.yaml").read_text())


def test_a_definition_whose_points_do_not_reach_100_is_refused():
    document = load("visa_h")
    document["items"][6]["options"][3]["points"] = 9
    with pytest.raises(DefinitionError, match="not 100"):
        validate_definition(document, source="visa_h.yaml")


def test_a_branch_on_a_missing_choice_is_refused():
    document = load("visa_h")
    document["items"][8]["shown_if"] = {"item": "q99", "equals": "a"}
    with pytest.raises(DefinitionError, match="not an earlier choice"):
        validate_definition(document, source="visa_h.yaml")
