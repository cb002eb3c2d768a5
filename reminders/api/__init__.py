"""The reminder API: the caller's browsers (`subscriptions`), the patient's reminder
settings (`reminder_settings`) and the one-tap stop link (`stop`)."""
