"""Today's news cards use the request's language for the words the server writes."""

from rehab.reviews import override
from tests.rehab.test_gate_scenarios import daily_logs, evaluate, run
from tests.rehab.test_news import rtr  # noqa: F401 - the fixture


def test_a_step_back_advises_in_dutch(cast, api, rtr):  # noqa: F811
    override(enrolment_id=rtr.pk, to_phase_key="level-3", reason="Verder", user=cast.physio)
    daily_logs(rtr, days=14, morning=1, sessions=False)
    run(rtr, 0, level=3, limp=True)
    evaluate(api, cast, rtr)
    response = api(cast.patient.user).get("/api/v1/today/", HTTP_ACCEPT_LANGUAGE="nl")
    back = next(i for i in response.json()["news"] if i["kind"] == "moved_back")
    assert back["advice"] == f"Bouw weer op vanaf {back['to_phase']}."
