"""The proxy deployment as the README gives it: the configuration nginx is run with is the one shipped."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from deploy import nginx

ROOT = Path(__file__).resolve().parent.parent.parent


def _production_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.DOTALL)


def test_readme_runs_gunicorn_on_loopback_behind_the_shipped_proxy():
    (commands,) = _production_commands()

    assert ".venv/bin/gunicorn --preload --workers 4 --bind 127.0.0.1:8000 web.wsgi:app" in commands
    assert "export ITINERARY_PROXIES=1" in commands
    assert "python3 -m deploy.nginx site --listen 80 --server-name itinerary.example.org --upstream 127.0.0.1:8000" in (
        commands
    )


def test_site_configuration_holds_the_slow_client_limits():
    text = nginx.site(listen="80", upstream="127.0.0.1:8000", server_name="itinerary.example.org")
    directives = dict(re.findall(r"^\s*([a-z_]+) ([^;{]+);", text, flags=re.MULTILINE))

    assert directives["listen"] == "80"
    assert directives["server"] == "127.0.0.1:8000"
    assert directives["server_name"] == "itinerary.example.org"
    assert (directives["client_header_timeout"], directives["client_body_timeout"]) == ("10s", "10s")
    assert (directives["proxy_buffering"], directives["proxy_request_buffering"]) == ("on", "on")
    assert directives["client_max_body_size"] == "3m"
    assert 'proxy_set_header X-Forwarded-Host "";' in text
    assert "@" not in text  # every mark filled in


@pytest.mark.parametrize(
    "field, value",
    [("listen", "80; include /etc/shadow"), ("upstream", "127.0.0.1:8000 }"), ("server_name", "a b"), ("listen", "")],
)
def test_values_that_would_change_the_configuration_are_refused(field, value):
    options = {"listen": "80", "upstream": "127.0.0.1:8000", "server_name": "_", field: value}

    with pytest.raises(ValueError, match=f"^{field}: "):
        nginx.site(**options)


def test_standalone_configuration_is_accepted_by_nginx(tmp_path, nginx_binary):
    config = nginx.standalone(tmp_path / "nginx", listen="127.0.0.1:8080", upstream="127.0.0.1:8000")

    result = subprocess.run(
        [nginx_binary, "-t", "-p", str(config.parent), "-e", str(config.parent / "error.log"), "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
