"""Practica settings.

Every deployment knob is read from the environment (documented in README.md). The defaults
give a working single-machine install: SQLite in WAL mode under ``$PRACTICA_HOME`` (``./var``),
mail printed to the console, debug off.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRACTICA_HOME = Path(os.environ.get("PRACTICA_HOME", "var")).resolve()
PRACTICA_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in PRACTICA_HOME."""
    if os.environ.get("PRACTICA_SECRET_KEY"):
        return os.environ["PRACTICA_SECRET_KEY"]
    path = PRACTICA_HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("PRACTICA_DEBUG", False)
BASE_URL = os.environ.get("PRACTICA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
_base = urlsplit(BASE_URL)
ALLOWED_HOSTS = env_list("PRACTICA_ALLOWED_HOSTS") or [_base.hostname or "127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "practica.core",
    "practica.accounts",
    "practica.communities",
    "practica.discussions",
    "practica.knowledge",
    "practica.stewardship",
    "practica.reflection",
    "practica.health",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "practica.core.middleware.TimezoneMiddleware",
    # Last, so that its 400 page has the signed-in user and the messages.
    "practica.core.middleware.RejectNulMiddleware",
]

ROOT_URLCONF = "practica.urls"
WSGI_APPLICATION = "practica.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practica.core.context_processors.site",
                "practica.communities.context_processors.notifications",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{PRACTICA_HOME / 'practica.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep each process's connection open: opening one runs the PRAGMAs below (about 1 ms a
    # request). A file has no server that could drop it, so there is nothing to age out.
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the writer work at once; IMMEDIATE avoids lock upgrades failing
        # under concurrent writes; busy_timeout waits instead of raising "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["practica.accounts.backends.RateLimitedModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Failed sign-ins allowed per account (and three times as many per address) in
# LOGIN_RATE_WINDOW seconds. PRACTICA_TRUSTED_PROXIES: how many reverse proxies in front of
# Practica append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXIES = int(os.environ.get("PRACTICA_TRUSTED_PROXIES", "0"))
LOGIN_RATE_LIMIT = int(os.environ.get("PRACTICA_LOGIN_RATE_LIMIT", "10"))
LOGIN_RATE_WINDOW = 300
# API tokens are valid this many days.
API_TOKEN_DAYS = 90

# --- cache: shared between the processes of one machine; set PRACTICA_CACHE_URL for Redis -------
if os.environ.get("PRACTICA_CACHE_URL", "").startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PRACTICA_CACHE_URL"],
        }
    }
else:
    # Django's file cache keeps 300 entries by default and, past that, deletes a third of them
    # at random — the versions that key every rendered fragment among them, so each cull
    # would retire whole communities' pages at once and be followed by a burst of cold
    # renders. A fragment is a few kilobytes; 20,000 of them (a directory page per filter and
    # viewer group, topic pages, lists, API pages, remembered tokens) stay within a few
    # hundred MiB of disk. practica.core.cache.FileCache counts its files only now and then,
    # since Django's counts them on every write (20 ms at this size).
    CACHES = {
        "default": {
            "BACKEND": "practica.core.cache.FileCache",
            "LOCATION": str(PRACTICA_HOME / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# --- mail -------------------------------------------------------------------------------------


def _email_settings(url: str) -> dict:
    """PRACTICA_EMAIL_URL (console, smtp://user:pass@host:port?tls=1, smtps://…) → settings."""
    if url in {"", "console", "console:"}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"PRACTICA_EMAIL_URL: unknown scheme {parts.scheme!r}")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
    }


globals().update(_email_settings(os.environ.get("PRACTICA_EMAIL_URL", "console")))
DEFAULT_FROM_EMAIL = os.environ.get("PRACTICA_FROM_EMAIL", f"Practica <practica@{_base.hostname}>")

# --- background work --------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- i18n and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = PRACTICA_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start if it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- uploaded files (receipts) ----------------------------------------------------------------
# Kept under PRACTICA_HOME and never served as static files: there is no MEDIA_URL, and each
# file is sent by a view that checks who asks (stewardship receipts: members only).
MEDIA_ROOT = PRACTICA_HOME / "media"

# --- security: secure cookies and HSTS whenever Practica is served over https ---------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if _base.scheme == "https":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("PRACTICA_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("PRACTICA_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SILENCED_SYSTEM_CHECKS = []

# --- Practica limits --------------------------------------------------------------------------
MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 50_000
CHARTER_REVIEW_DAYS = 7
INVITATION_DAYS = 14
PAGE_SIZE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PRACTICA_LOG_LEVEL", "WARNING")},
}
