"""Settings for Wegwijzer. Everything that differs per machine comes from the environment."""

import os
from pathlib import Path

import dj_database_url

from partners.lib.text import truthy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return truthy(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("WEGWIJZER_INSECURE_DEV_KEY"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, as its docs require; registers partners/translation.py
    "partners.apps.WegwijzerAdminConfig",  # django.contrib.admin on our own admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "django_htmx",
    "template_partials",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "partners",
    "wegwijzer",
]

# Order matters: everything above WhiteNoise also adds its headers to static files and to cached
# public pages (the security headers and the CSP are on every response); /healthz is answered
# before anything reads the session or checks the Host header; a warm public page is served
# before the session, CSRF, auth and messages middleware (partners/public/cache.py).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wegwijzer.middleware.ContentSecurityPolicyMiddleware",
    "wegwijzer.middleware.permissions_policy",
    "wegwijzer.errors.health_check",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partners.public.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor (partners/staff/two_factor.py)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wegwijzer.errors.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wegwijzer.urls"
WSGI_APPLICATION = "wegwijzer.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is unreachable: the pages answer 503 instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5")))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every login first, so a locked-out user or address never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Caches shared by every app instance: tables in the same database (created by the `wegwijzer`
# migrations); a per-process cache would serve stale pages on the other instances.
# - default: each region's content version and its loaded content (partners/versions.py,
#   partners/public/cache.py); a few entries per region.
# - pages: rendered public pages, in a table of their own so that culling pages never drops a
#   region's content or version; free-text searches use a fixed number of slots per page.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wegwijzer_cache",
        "TIMEOUT": 60 * 60 * 24,
        "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wegwijzer_page_cache",
        "TIMEOUT": 60 * 60 * 24,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "5000")), "CULL_FREQUENCY": 4},
    },
    # Per-visitor budgets (partners/lib/budgets.py), the PDF render slots and the single-use form
    # tokens: a table of their own, so that culling content or pages never forgets a limit.
    "budgets": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wegwijzer_budget_cache",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 50000, "CULL_FREQUENCY": 10},
    },
}
CONTENT_CACHE_SECONDS = int(os.environ.get("CONTENT_CACHE_SECONDS", "86400"))
# How long an app process trusts the region versions it has read (partners/versions.py): a warm
# page then costs no query. An edit shows at once on the process that made it, within this
# many seconds on the others; 0 checks the shared cache on every request.
VERSION_CHECK_SECONDS = float(os.environ.get("VERSION_CHECK_SECONDS", "1"))

# The open data API (/api/hsds/, docs/api.md): the licence of the data, named in its openapi.json.
HSDS_DATA_LICENSE_NAME = os.environ.get("HSDS_DATA_LICENSE_NAME", "CC BY 4.0")
HSDS_DATA_LICENSE_URL = os.environ.get("HSDS_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
HSDS_CONTACT_URL = os.environ.get("HSDS_CONTACT_URL", "")
# "Meer op De Sociale Kaart" on a card links here ({id}: the service's Sociale Kaart id).
SOCIALE_KAART_OFFER_URL = os.environ.get("SOCIALE_KAART_OFFER_URL", "https://www.desocialekaart.be/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl-be"
# The site speaks Dutch: the browser's Accept-Language never switches it (LocaleMiddleware only
# picks from LANGUAGES). Only the contactfiche for residents is also offered in the languages
# below, chosen with ?taal=<code>. Adding one: a line here, locale/<code>/LC_MESSAGES/django.po,
# `manage.py makemigrations partners` for its content fields (README, "Adding a language").
LANGUAGES = [("nl-be", "Nederlands")]
SHEET_LANGUAGES = [  # (code, the language's name in itself), in the order of the language switcher
    ("nl-be", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("uk", "Українська"),
]
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in SHEET_LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl-be"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl-be",)  # a missing translation shows the Dutch text
MODELTRANSLATION_AUTO_POPULATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The public address of the site, for the links and QR codes on the PDFs: never the request's
# Host header, which any client chooses. Set it in production (docs/deploy.md); without it the
# first concrete ALLOWED_HOSTS name over https is used, and http://127.0.0.1:8000 with DEBUG.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SITE_URL must start with https:// (or http://), e.g. https://wegwijzer.example.be.")
if not SITE_URL:
    _named_hosts = [host for host in ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    SITE_URL = f"https://{_named_hosts[0]}" if _named_hosts and not DEBUG else "http://127.0.0.1:8000"

# Sessions only matter for the admin; public pages set no cookies.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# A deployment for one ELZ can send "/" straight to it (e.g. DEFAULT_REGION=leuven).
DEFAULT_REGION = os.environ.get("DEFAULT_REGION", "")

# -- The admin for ELZ staff ----------------------------------------------------------------

# A service not verified for this many months counts as stale ("verouderd") in the admin.
WEGWIJZER_STALE_AFTER_MONTHS = int(os.environ.get("WEGWIJZER_STALE_AFTER_MONTHS", "12"))

# Login attempts (django-axes 8): after AXES_FAILURE_LIMIT failures the same username *from the
# same address* is locked out for the cool-off time; and after WEGWIJZER_USERNAME_FAILURE_LIMIT
# failures from all addresses together the username is locked out everywhere (a guess spread over
# many addresses), while a colleague mistyping elsewhere does not lock anyone out at once
# (partners/staff/logins.py). A superuser can unlock earlier in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
WEGWIJZER_USERNAME_FAILURE_LIMIT = int(os.environ.get("WEGWIJZER_USERNAME_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]  # the order partners/staff/logins.py reads
AXES_HANDLER = "partners.staff.logins.UsernameAcrossAddressesHandler"
# The second factor for staff (django-otp, partners/staff/two_factor.py): the name the app shows.
OTP_TOTP_ISSUER = "Wegwijzer"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# The client's address (partners/lib/budgets.py) for the lockouts, the PDF budget and the report
# limit: REMOTE_ADDR, or behind the nginx of docs/deploy.md (AXES_PROXY_COUNT=1) the address
# nginx writes into X-Forwarded-For (it replaces the header, so a client cannot forge it).
WEGWIJZER_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT") or 0)
AXES_CLIENT_IP_CALLABLE = "partners.lib.budgets.client_address"

# django-import-export: one transaction per import, the uploaded file kept in the database between
# preview and confirmation (so any instance behind a load balancer can confirm it).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "partners.staff.spreadsheets.DatabaseTmpStorage"
# A cell starting with = + - @ is exported as text, never as a live formula in a spreadsheet
# (partners.staff.spreadsheets.quote_formula puts an apostrophe before it; the import takes it off).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Caps on what one import preview reads (CSV or XLSX), so that it answers within the worker's
# timeout: a larger file is refused with a Dutch message; split it and import the parts.
WEGWIJZER_IMPORT_MAX_BYTES = int(os.environ.get("WEGWIJZER_IMPORT_MAX_BYTES", str(512 * 1024)))
WEGWIJZER_IMPORT_MAX_ROWS = int(os.environ.get("WEGWIJZER_IMPORT_MAX_ROWS", "500"))

# -- Mail, and the partners' yearly check of their entry (docs/deploy.md) ------------------------
# EMAIL_URL configures the mail server in one variable (smtp://user:password@host:587/?tls=1,
# smtps://… for implicit TLS, console:// to print mails); the usual EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and EMAIL_USE_SSL work too. With DEBUG and
# neither set, mails are printed on the console (`make run`).


def email_settings_from_url(url: str) -> dict:
    """Django's EMAIL_* settings from one URL: smtp://, smtp+tls:// (STARTTLS), smtps:// (TLS) or console://."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"console", "locmem", "dummy"}:
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {scheme!r} (smtp, smtp+tls, smtps or console).")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    use_ssl = scheme == "smtps" or truthy(query.get("ssl"))
    use_tls = not use_ssl and (scheme == "smtp+tls" or truthy(query.get("tls")))
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


if os.environ.get("EMAIL_URL"):
    globals().update(email_settings_from_url(os.environ["EMAIL_URL"]))
else:
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_BACKEND = (
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG and not os.environ.get("EMAIL_HOST")
        else "django.core.mail.backends.smtp.EmailBackend"
    )
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wegwijzer <wegwijzer@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Links in mails point to SITE_URL (above): a mail has no request to take a host from.

# request_verifications: a link is valid this many days; an unused one is sent again after
# REMINDER_DAYS; no address gets more than MAILS_PER_YEAR of these mails in 365 days.
WEGWIJZER_VERIFY_LINK_DAYS = int(os.environ.get("WEGWIJZER_VERIFY_LINK_DAYS", "30"))
WEGWIJZER_VERIFY_REMINDER_DAYS = int(os.environ.get("WEGWIJZER_VERIFY_REMINDER_DAYS", "14"))
WEGWIJZER_VERIFY_MAILS_PER_YEAR = int(os.environ.get("WEGWIJZER_VERIFY_MAILS_PER_YEAR", "3"))
# "Klopt er iets niet?": at most this many reports per address per hour.
WEGWIJZER_REPORTS_PER_HOUR = int(os.environ.get("WEGWIJZER_REPORTS_PER_HOUR", "5"))
# A PDF not stored yet (a new filter combination, or after an edit) costs half a second of CPU:
# at most this many such renders per address per hour; stored PDFs are not counted.
WEGWIJZER_NEW_PDFS_PER_HOUR = int(os.environ.get("WEGWIJZER_NEW_PDFS_PER_HOUR", "30"))
# ... and at most this many renders at once across the whole install (every address together):
# the others are asked to try again in a few seconds, so PDFs can never occupy every worker.
WEGWIJZER_PDF_RENDERS_AT_ONCE = int(os.environ.get("WEGWIJZER_PDF_RENDERS_AT_ONCE", "2"))
# A report sent sooner than this many seconds after the form was shown is taken for a bot.
WEGWIJZER_REPORT_MIN_SECONDS = int(os.environ.get("WEGWIJZER_REPORT_MIN_SECONDS", "3"))

# -- HTTPS and security headers (docs/deploy.md) ----------------------------------------------
# Secure by default whenever DEBUG is off. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (only if the proxy always sets or strips
# that header); SECURE_SSL_REDIRECT=0 when the proxy already redirects http to https.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    header, _, value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(",")
    SECURE_PROXY_SSL_HEADER = (header.strip(), value.strip() or "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # the situation in our URLs never leaks to other sites
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "partners.public.feedback.csrf_failure"  # in Dutch, also for the public forms

# Content-Security-Policy (django-csp): only our own scripts, styles and images; no inline code.
# htmx comes from our static files and its indicator styles are off (base.html). The admin
# alone may use inline styles (wegwijzer.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=(), browsing-topics=()"
)

# Logs: to stderr, without request data. Django logs a path (never a query string, where the
# situation lives) with 404s and errors; gunicorn's access log is off (gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "level": os.environ.get("LOG_LEVEL", "WARNING")}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
