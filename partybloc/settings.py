"""Settings, read from the environment (see .env.example). Defaults are the embedded ones."""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# The key signs sessions, CSRF tokens and password-reset links. First found: SECRET_KEY in the
# environment (production), else the file SECRET_KEY_FILE, which scripts/setup.sh fills with a
# random key on its first run (var/ is git-ignored): a fresh clone's `make run` and `make test`
# get a key of their own that outlives restarts and is the same in every worker process, which
# a key drawn at start-up would not be. Settings do not write the file themselves: a deployed
# folder may be read-only, and a key nobody chose should not appear by surprise. The built-in
# key, published in this repository, is only accepted with DEBUG on.
_BUILT_IN_KEY = "insecure-local-only-partybloc-key-change-me"
SECRET_KEY_FILE = env.path("SECRET_KEY_FILE", default=BASE_DIR / "var" / "secret_key")


def _secret_key() -> str:
    key = env("SECRET_KEY", default="").strip()
    if not key and Path(SECRET_KEY_FILE).is_file():
        key = Path(SECRET_KEY_FILE).read_text().strip()
    if key:
        return key
    if DEBUG:
        return _BUILT_IN_KEY
    raise ImproperlyConfigured(
        f"No SECRET_KEY: set SECRET_KEY in the environment, or run `make setup` "
        f"(scripts/setup.sh writes a random key into {SECRET_KEY_FILE}). The built-in key is "
        f"public and is accepted only with DEBUG=true."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "partybloc.apps.PartyblocAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "partybloc",
    "partybloc.jobs",
    "partybloc.accounts",
    "partybloc.audit",
    "partybloc.registry",
    "partybloc.notifications",
    "organizations",
    "members",
    "members.year",
    "members.dues",
    "meetings",
    "inspections",
    "inspections.early_warnings",
    "reports",
    "reports.snapshot",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # SECURE_CSP on every response: scripts and styles only from our static files.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files are answered here, before anything below: they keep their cache headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partybloc.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything reads a form (CSRF's check does, in the view phase): a body larger than
    # any upload is answered 413 unread.
    "partybloc.uploads.RefuseLargeBodiesMiddleware",
    # Who changed a row, for the history of the register (members, organizations, leaders,
    # complaints, discipline), when the change is made in a request rather than a service.
    "simple_history.middleware.HistoryRequestMiddleware",
    "partybloc.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Needs the session, the user and messages; logs an idle session out before any view runs.
    "partybloc.accounts.middleware.SessionTimeoutMiddleware",
    # The code (or enrolment), then a temporary password's change, before any other page.
    "partybloc.accounts.middleware.SignInStepsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the login page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partybloc.urls"
WSGI_APPLICATION = "partybloc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partybloc.context_processors.navigation",
                "partybloc.notifications.context_processors.unread_notices",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while the demo loader or a task writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            # Writers queue on the database lock (IMMEDIATE); a busy machine needs more than
            # the 5 s default before a waiting writer gives up with "database is locked".
            "timeout": 20,
        }
    )
else:
    # A PostgreSQL connection costs a few milliseconds to open: keep it for a minute across
    # requests (checked before reuse) rather than opening one per request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache. With CACHE_URL naming a Redis (redis://host:6379/2) every worker and host shares
# one, so the dashboard's counts are made once for all; without it each process keeps its own.
CACHE_URL = env("CACHE_URL", default="")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "partybloc",
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Sign-in and sessions (README: "Sign-in and sessions") -------------------------------------
# Wrong passwords: after LOGIN_FAILURE_LIMIT failures in a row, counted for the account and,
# separately, for the address they came from, both are refused for LOGIN_LOCKOUT_MINUTES (or
# until the bloc office unlocks them); a right password then is refused too.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partybloc.accounts.views.locked_out"
# Behind the TLS proxy every request comes from the proxy: read the address it saw.
AXES_CLIENT_IP_CALLABLE = "partybloc.accounts.throttle.client_address"
# The portal's own page (in Vietnamese, office staff only) lists and lifts locks.
AXES_ENABLE_ADMIN = False

# Two-factor sign-in (TOTP: an authenticator app, no network needed) is required of office staff
# and of anyone with admin access; others may turn it on from their account page.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="partybloc")

# Shared office computers: a session ends when the browser closes, after SESSION_IDLE_MINUTES
# without a request, and SESSION_MAX_HOURS after sign-in whatever happens.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=10)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

# Email is optional (closed networks have none): with EMAIL_HOST set, the login page also offers
# Django's reset-by-email; without it the bloc office sets temporary passwords.
PASSWORD_RESET_BY_EMAIL = bool(env("EMAIL_HOST", default=""))
# Reminders (partybloc/notifications) are emailed where a mail server is set; in development
# (DEBUG, no EMAIL_HOST) they are written to the console instead. A production without a mail
# server sends none: the console would put members' names into the workers' logs.
REMINDER_EMAILS = PASSWORD_RESET_BY_EMAIL or DEBUG
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", default="") or "localhost",
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        },
    }
    if PASSWORD_RESET_BY_EMAIL or not DEBUG
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="partybloc@localhost")
# The portal's address as its users reach it: the links in emailed reminders start with it.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Dates are written dd/mm/yyyy whatever the language (formats/ overrides the locale's own).
FORMAT_MODULE_PATH = ["partybloc.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Set in production, where collectstatic gathers the files; unset, they are served from the apps.
STATIC_ROOT = env("STATIC_ROOT", default=None)
# Uploaded and generated files are private: no URL maps onto this folder, only scoped views
# read from it.
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Serve static files from the app folders too, so the embedded set-up needs no collectstatic;
# production runs collectstatic with the manifest backend (see .env.example).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file is cut off where it passes UPLOAD_MAX_BYTES (partybloc/uploads.py); a request declaring
# a larger body than any form sends is refused unread.
FILE_UPLOAD_HANDLERS = [
    "partybloc.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# A scan must decode as an image (partybloc.filecheck); larger than this many pixels (an A4
# page at 600 dpi is 35 million) it is refused rather than decoded.
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=40_000_000)

# Content Security Policy (README: "Uploads and downloads"): a page runs only the scripts and
# styles served from our static files: no inline <script>, no onchange=, no style= (static/js
# and static/css hold them), nothing from another site. Images may be data: URIs (Bootstrap draws
# its form arrows so); forms post only here; no page may be framed or load a plug-in.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Celery. With no broker configured, tasks run in-process so the embedded set-up needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Protect work: a task is acknowledged only when it finished, re-queued if its worker dies,
# and given less time than the broker waits before handing the message to another worker. A
# message delivered twice runs its job once: the job's claim (jobs.models.Job.claim) is one
# conditional UPDATE, and a job that keeps killing its worker fails after JOB_MAX_ATTEMPTS.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A broker that is down must not hold a web request: connecting gives up after this many
# seconds (about 2.5 s in all), and a job is sent once, without publish retries (jobs.services
# .enqueue): the job row stays queued and the sweeper sends it again.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2)
# A worker that starts before its broker keeps trying to connect rather than exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_TIME_LIMIT = 1800
CELERY_TASK_SOFT_TIME_LIMIT = 1500
# One queue per test run lets parallel runs share a Redis without taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# Behind a TLS proxy in production (nginx sets X-Forwarded-Proto and X-Forwarded-For): plain
# HTTP is redirected, cookies travel only over TLS, and browsers are told (HSTS) to use only TLS.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not env.bool("SECURE_HSTS_PRELOAD", default=False):
    # Preloading asks browser makers to hard-code the name as HTTPS-only: a choice for whoever
    # owns the public domain, meaningless for a closed network's internal name. Off unless set.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

PAGE_SIZE = env.int("PAGE_SIZE", default=50)
# Probationary members whose recognition falls due within this many days are listed on home.
RECOGNITION_DUE_WINDOW_DAYS = 60
# The place written on party documents ("Ninh Thuận, ngày … tháng … năm …").
DOCUMENT_PLACE = env("DOCUMENT_PLACE", default="Ninh Thuận")
# Minutes not submitted this many days after the meeting count as overdue.
MINUTES_DUE_DAYS = env.int("MINUTES_DUE_DAYS", default=10)
# Member imports with more rows than this run as a background job rather than in the request.
IMPORT_SYNC_MAX_ROWS = env.int("IMPORT_SYNC_MAX_ROWS", default=500)
# An .xlsx is a zip: before it is parsed, its parts may unpack to this much in all (a file of
# 20,000 members, the most an import takes, unpacks to about 23 MB) and a part larger than 1 MB
# to at most this many times its packed size (such a file packs about 14 times). More is a
# zip bomb: refused before openpyxl reads anything.
# An uploaded import file is kept for its preview until it is confirmed (then the job holds it)
# or cancelled; one never confirmed is deleted this many hours after its upload, by default when
# the session that could confirm it has ended anyway.
IMPORT_PREVIEW_KEEP_HOURS = env.int("IMPORT_PREVIEW_KEEP_HOURS", default=SESSION_MAX_HOURS)
IMPORT_MAX_INFLATED_BYTES = env.int("IMPORT_MAX_INFLATED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)

# The history of changes (django-simple-history): a change's reason (a restructuring names two
# organizations) is not cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The access log (who viewed or exported members' personal data) keeps a record this many
# days; older ones are deleted each night (the beat schedule below, or `manage.py
# prune_access_log` from cron where no beat runs).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=5 * 365)
# Jobs under faults (jobs.services.sweep_jobs, every minute by the beat schedule below, or
# `manage.py sweep_jobs` from cron): a running job writes a heartbeat every
# JOB_HEARTBEAT_SECONDS; one silent for JOB_STALE_SECONDS lost its worker and is queued again,
# and failed with its reason once it was started JOB_MAX_ATTEMPTS times. A job still queued
# JOB_RESEND_SECONDS after it was sent (the broker was down, or lost the message) is sent
# again; a job delivered twice still runs once.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=10)
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=60)
JOB_RESEND_SECONDS = env.float("JOB_RESEND_SECONDS", default=60)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
# The hour (bloc time) the beat schedule runs the daily reminders.
DAILY_RUN_HOUR = env.int("DAILY_RUN_HOUR", default=6)
CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {
        "task": "partybloc.jobs.tasks.sweep_jobs",
        "schedule": datetime.timedelta(minutes=1),
    },
    "prune-access-log": {
        "task": "partybloc.audit.tasks.prune_access_log",
        "schedule": datetime.timedelta(days=1),
    },
    # Import files (national IDs and all) previewed but never confirmed: members/import_files.py.
    "remove-unconfirmed-imports": {
        "task": "members.tasks.remove_unconfirmed_imports",
        "schedule": datetime.timedelta(hours=1),
    },
    # Reminders and escalations, then the emails (partybloc/notifications): once a day in the
    # early morning, bloc time; `manage.py daily_run` does the same from cron.
    "daily-run": {
        "task": "partybloc.notifications.tasks.daily_run",
        "schedule": crontab(hour=DAILY_RUN_HOUR, minute=0),
    },
    # Month-end figures (reports/snapshot): the window's months filled, what changes marked
    # stale recomputed, so a page rarely has to (it does when it reads before the task ran).
    "refresh-month-end-figures": {
        "task": "reports.snapshot.tasks.refresh_month_end_figures",
        "schedule": datetime.timedelta(minutes=5),
    },
}

# National IDs never reach a log: every handler masks 12- and 9-digit runs in the message and
# the traceback (a database error quotes the value it refused). Django's own loggers print
# through these handlers too: "django" gives its records to the root's handler, and the
# development server's request lines keep their format, masked.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_national_ids": {"()": "partybloc.audit.masking.MaskNationalIds"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_national_ids"]},
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_national_ids"],
        },
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
