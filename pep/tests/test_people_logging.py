"""The token of an invitation link never reaches gunicorn's access log."""

import datetime
import io
import logging

from gunicorn.config import Config

from pep import gunicorn_conf
from pep.gunicorn_logging import RedactingLogger

TOKEN = "k3Vq9yZ_secret-token-of-the-link-0123456789ab"


class _Response:
    status = "200 OK"
    sent = 120
    headers = []


def _access_line(path: str) -> str:
    config = Config()
    config.set("accesslog", "-")
    logger = RedactingLogger(config)
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    logger.access_log.handlers = [handler]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://pep.example.org{path}",
    }
    logger.access(_Response(), [("REFERER", environ["HTTP_REFERER"])], environ, datetime.timedelta(seconds=0.1))
    return written.getvalue()


def test_the_access_log_hides_the_token_of_an_invitation_link():
    line = _access_line(f"/accounts/invitation/{TOKEN}/")

    assert TOKEN not in line
    assert "GET /accounts/invitation/[hidden]/ HTTP/1.1" in line and " 200 " in line


def test_a_link_whose_last_slash_was_lost_still_hides_its_token():
    for path in [f"/accounts/invitation/{TOKEN}", f"/accounts/invitation/{TOKEN}?utm=1", f"/accounts/reset/MQ/{TOKEN}"]:
        line = _access_line(path)

        assert TOKEN not in line, path
        assert "[hidden]" in line


def test_other_addresses_are_logged_as_they_are():
    assert "GET /accounts/invitation/set-password/ HTTP/1.1" in _access_line("/accounts/invitation/set-password/")
    assert "GET /districts/12/people/ HTTP/1.1" in _access_line("/districts/12/people/")


def test_gunicorn_is_configured_with_the_redacting_logger():
    assert gunicorn_conf.logger_class == "pep.gunicorn_logging.RedactingLogger"
