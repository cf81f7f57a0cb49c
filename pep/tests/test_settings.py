"""Production settings pass Django's deployment checklist; a missing secret key or mail server is refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = {
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "STATIC_MANIFEST",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EMAIL_URL",
    "EMAIL_HOST",
    "SITE_URL",
    "TASKS_BACKEND",
}
SMTP = "smtp+tls://pep:secret@mail.example.org:587"


def _manage(*args: str, unset: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in TEST_ONLY and key not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_variables():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="pep.example.org",
        CSRF_TRUSTED_ORIGINS="https://pep.example.org",
        EMAIL_URL=SMTP,
        SITE_URL="https://pep.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_mail_server_production_settings_refuse_to_start():
    result = _manage("check", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))

    assert result.returncode != 0
    assert "Set EMAIL_URL" in result.stderr


def test_without_the_sites_address_production_settings_refuse_to_start():
    result = _manage("check", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), EMAIL_URL=SMTP)

    assert result.returncode != 0
    assert "Set SITE_URL" in result.stderr


def test_without_a_secret_key_production_settings_refuse_to_start():
    result = _manage("check", DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_responses_carry_the_security_headers(client, db):
    response = client.get("/accounts/login/")

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _setting(name: str, unset: tuple[str, ...] = (), **env: str) -> str:
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(settings.{name})",
        unset=unset,
        DEBUG="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_local_demo_prints_email_to_the_console_unless_configured():
    assert _setting("EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend"


def test_email_can_be_configured_by_url_or_by_variables():
    by_url = _setting("EMAIL_HOST", EMAIL_URL=SMTP)
    by_variables = _setting("EMAIL_BACKEND", EMAIL_HOST="mail.example.org")

    assert by_url == "mail.example.org"
    assert by_variables == "django.core.mail.backends.smtp.EmailBackend"


def test_the_cache_can_be_redis_for_several_app_servers():
    assert _setting("CACHES['default']['BACKEND']", CACHE_URL="redis://127.0.0.1:6379/1") == (
        "django_redis.cache.RedisCache"
    )


def test_without_a_cache_server_the_cache_is_a_database_table():
    assert _setting("CACHES['default']['BACKEND']", unset=("CACHE_URL",)) == (
        "django.core.cache.backends.db.DatabaseCache"
    )


def test_the_rate_limits_pass_their_checks_with_the_database_cache_and_with_redis():
    for cache in ({}, {"CACHE_URL": "redis://127.0.0.1:6379/1"}):
        result = _manage("check", "--fail-level", "WARNING", unset=("CACHE_URL",), DEBUG="1", **cache)

        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout


def test_the_sqlite_demo_waits_for_a_busy_database_instead_of_failing():
    options = _setting("DATABASES['default']['OPTIONS']", unset=("DATABASE_URL",))

    assert "'transaction_mode': 'IMMEDIATE'" in options
    assert "'timeout': 20" in options
