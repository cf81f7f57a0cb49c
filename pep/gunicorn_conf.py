"""gunicorn's settings for PEP: `gunicorn -c python:pep.gunicorn_conf pep.wsgi`.

A request that runs longer than `timeout` is killed. PEP's longest requests, the PDFs, give up
after PDF_SECONDS (25 s by default, see pep/pdf.py) and point to the print view instead; keep
`timeout` above PDF_SECONDS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
accesslog = "-"  # paths and status codes only: PEP puts no personal data in URLs
logger_class = "pep.gunicorn_logging.RedactingLogger"  # the tokens of invitation and reset links are hidden
