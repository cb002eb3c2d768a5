"""The rehab API, one module per resource: each view beside its input and output
serializers. Views are thin: scope through `patients.access`, parse, call a service."""
