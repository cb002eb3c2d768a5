"""The questionnaire API: what is asked and when (`questionnaires`), and the patient's
answers (`responses`), each view beside its serializers."""
