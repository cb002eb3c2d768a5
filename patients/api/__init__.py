"""The people API, one module per resource: sign-in (`auth`), the caller (`me`) and the
clinic's patients (`people`), each view beside its serializers."""
