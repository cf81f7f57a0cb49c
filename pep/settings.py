"""PEP settings: one module, every deployment difference read from the environment.

Unset DATABASE_URL means the zero-setup demo: an SQLite file in var/ of the checkout.
Production sets DEBUG off (the default), SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # local state of a demo checkout: database, key, demo logins

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """A key kept in var/ so a demo's sessions survive restarts; never used in production."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for a local demo).")
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "pep.apps.PepConfig",
    "surveys.apps.SurveysConfig",
    "workshops.apps.WorkshopsConfig",
    "partnerships.apps.PartnershipsConfig",
    "pep.apps.PepAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",  # Bootstrap 5's CSS and JS as static files (django-bootstrap-static)
    "awesomplete",  # Awesomplete's JS and CSS as static files, for type-ahead search fields
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    "simple_history",
    "axes",
    "django_ratelimit",  # for its system check that the cache can hold rate limits
    "django_tasks",
    "django_tasks_db",  # the queue of background tasks, a table in the database
    "phonenumber_field",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files keep their own caching.
    "pep.middleware.PrivatePages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen (the 400 page is translated), before anything reads request.POST.
    "pep.middleware.RejectUnreadableForms",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pep.middleware.SessionIdleTimeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pep.urls"
WSGI_APPLICATION = "pep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pep.context_processors.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pep.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A write transaction takes the lock when it starts and waits up to 20 s for another one to end,
    # so a double submit waits its turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the rate limits (password resets). Without CACHE_URL it is a table in the database
# (`manage.py createcachetable`), so the demo and a single server need nothing else; several app
# servers share Redis (CACHE_URL=redis://host:6379/0).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://pep_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # django-ratelimit refuses the database cache because its increment is a read and a write, not one
    # atomic step: requests arriving at the same instant may each pass a limit that has one try left.
    # A few extra tries in a race is acceptable where one server runs; Redis has no such gap.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while the account or address is paused
    "django.contrib.auth.backends.ModelBackend",
    "pep.access.CoordinatorPermissionsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after this long without a request (pep.middleware.SessionIdleTimeout keeps them alive).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# An invitation to PEP (pep.people) can be accepted for this many days after it is sent.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)

# The visitor's address: REMOTE_ADDR, or with BEHIND_TLS_PROXY the entry the proxy appended to
# X-Forwarded-For (pep.middleware.client_address). Used by the sign-in and password-reset limits.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)

# Sign-in throttling (django-axes, failures kept in the database). See pep/sign_in.py for why an
# account and an address each have their own limit.
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "pep.sign_in.SignInAttempts"
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# Tries during a pause are refused without restarting the clock, so "try again in 15 minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "pep.sign_in.locked_out"
AXES_CLIENT_IP_CALLABLE = "pep.middleware.client_address"
# Coordinators unlock people with the "Unlock sign-in" action on people in the admin; axes' own pages
# of raw attempts stay out of it (`manage.py axes_list_attempts`, `axes_reset_ip` serve operators).
AXES_ENABLE_ADMIN = False

# Password-reset requests per hour (django-ratelimit, counted in the cache): per email entered, and per
# address, higher since a school office shares one.
PASSWORD_RESETS_PER_HOUR_PER_EMAIL = env.int("PASSWORD_RESETS_PER_HOUR_PER_EMAIL", default=5)
PASSWORD_RESETS_PER_HOUR_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_HOUR_PER_ADDRESS", default=20)
RATELIMIT_IP_META_KEY = "pep.middleware.client_address"
# Public forms (workshop registration and the like): posts per address per hour. A school office or a
# family's phone shares one address with others, so the limit is generous; it stops floods, not families.
PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = env.int("PUBLIC_POSTS_PER_HOUR_PER_ADDRESS", default=60)
# Posts on the pages of one valid survey code per hour, whatever the address: a school's computer lab or a
# phone network shares one address among many parents, and a survey takes about seven posts.
SURVEY_POSTS_PER_HOUR_PER_CODE = env.int("SURVEY_POSTS_PER_HOUR_PER_CODE", default=200)

# Languages: English and Spanish. A first visit follows the browser's Accept-Language;
# the switch in the header stores the choice in a cookie for a year.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Numbers and money in the U.S. format in both languages ($1,650.00); see pep/formats/.
FORMAT_MODULE_PATH = ["pep.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = env.str("TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic`; the demo and the tests serve files as they are.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: SMTP with EMAIL_URL such as smtp+tls://user:password@host:587, or with the separate
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS. Only a local demo
# (DEBUG on) may go without: it prints mail to the console. In production that would write
# password-reset links into the log, so a missing mail configuration stops the start.
if "EMAIL_URL" in env:
    globals().update(env.email_url("EMAIL_URL"))
elif "EMAIL_HOST" in env:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    raise ImproperlyConfigured(
        "Set EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.org:587) or EMAIL_HOST in the environment: "
        "without a mail server, password-reset links would be printed to the log. DEBUG=1 prints mail "
        "to the console for a local demo."
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PEP <no-reply@localhost>")
# The address people use, for links in emails sent outside a request (invitations, plan news).
if "SITE_URL" in env or DEBUG:
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
else:
    raise ImproperlyConfigured(
        "Set SITE_URL (e.g. https://pep.example.org) in the environment: links in emails are built from it, "
        "and without it they would point at this machine."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Messages are sent by background tasks (pep/tasks.py), so no page waits on the mail server. Production
# keeps the queue in the database and runs `manage.py db_worker`; a local demo (DEBUG on) and the
# tests (TASKS_BACKEND=immediate) run each task at once, in the process that queued it.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of: {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# A message the mail server refuses is tried again later, this many times in all.
MESSAGE_SEND_ATTEMPTS = env.int("MESSAGE_SEND_ATTEMPTS", default=5)

# Upload limits: the directory import is the largest form upload (a state has a few thousand rows).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# A PDF that is not finished by then is given up (see pep/pdf.py); keep it well below gunicorn's timeout.
PDF_SECONDS = env.float("PDF_SECONDS", default=25.0)

# Workshops: the most people one registration may hold (a family or a school team), and how many days
# ahead `send_workshop_reminders` tells registrants about a session.
WORKSHOP_BLOCK_LIMIT = env.int("WORKSHOP_BLOCK_LIMIT", default=6)
WORKSHOP_REMINDER_DAYS = env.int("WORKSHOP_REMINDER_DAYS", default=2)
INDICATOR8_ROTATION_YEARS = env.int("INDICATOR8_ROTATION_YEARS", default=6)  # each district once in N years
# Phone numbers without a country code are read as U.S. numbers.
PHONENUMBER_DEFAULT_REGION = "US"

# A plan can be marked evaluated from this many months before its school year ends (and after it).
EVALUATION_OPENS_MONTHS_BEFORE_END = env.int("EVALUATION_OPENS_MONTHS_BEFORE_END", default=2)

# HTTPS and headers. On by default whenever DEBUG is off; a test run or a plain-HTTP
# intranet can switch the redirect and the secure cookies off explicitly.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page here uses: refused for the site and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Content security policy: everything comes from this site; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Every free-text field shows its limit under it; widgets of pep/widgets.py draw from templates/widgets/.
FORM_RENDERER = "pep.widgets.FormRenderer"

# Logs carry paths and status codes, never form data: paths hold no personal data by design.
# A refused page (403) is one line, not a traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "forbidden_without_traceback": {"()": "pep.middleware.ForbiddenWithoutTraceback"},
        "secrets_redacted": {"()": "pep.gunicorn_logging.SecretsRedacted"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["forbidden_without_traceback", "secrets_redacted"]},
        "django.server": {"filters": ["secrets_redacted"]},
        # A refused form's line names its path ("Forbidden (CSRF cookie not set.): /surveys/s/…/"): hide tokens.
        "django.security": {"filters": ["forbidden_without_traceback", "secrets_redacted"]},
        "django.security.csrf": {"filters": ["forbidden_without_traceback", "secrets_redacted"]},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # failures and pauses; not a line for every sign-in and sign-out
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Demo data: one password for every demo login, or generated ones kept in var/.
DEMO_PASSWORD = env.str("PEP_DEMO_PASSWORD", default="")
