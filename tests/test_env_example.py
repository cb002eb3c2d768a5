"""`.env.example` documents every variable the settings read."""

import re

from django.conf import settings


def test_every_environment_variable_is_documented():
    code = (settings.BASE_DIR / "config" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', code))
    documented = set(
        re.findall(r"^#?\s*([A-Z_]+)=", (settings.BASE_DIR / ".env.example").read_text(), re.M)
    )
    assert read, "no env reads found: the pattern is out of date"
    assert read - documented == set()
