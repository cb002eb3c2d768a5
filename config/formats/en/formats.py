# English here is British English: dates day first ("23 Nov 2026"), as the app shows them.
from django.conf.locale.en_GB.formats import *  # noqa: F403
