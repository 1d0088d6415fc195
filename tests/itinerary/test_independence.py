"""The domain package stands alone: importing it pulls in no Flask."""

from __future__ import annotations

import subprocess
import sys


def test_import_itinerary_pulls_in_no_flask():
    code = (
        "import sys, itinerary, itinerary.services, itinerary.storage, itinerary.fixtures, itinerary.programme\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.iter_modules(itinerary.__path__): importlib.import_module('itinerary.' + m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'werkzeug', 'web', 'flask_wtf'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
