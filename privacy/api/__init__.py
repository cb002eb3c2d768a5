"""The privacy API: a patient's own data (`my_data`), erasing a patient (`erasure`) and
the clinic's access trail (`access_events`)."""
