"""Benchmarks (not tests): `make bench`, or `python -m bench <name>` for one of them."""
