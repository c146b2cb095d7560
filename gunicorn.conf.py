"""Gunicorn settings for production (docs/deploy.md) and for `make bench`.

Start with `.venv/bin/gunicorn -c gunicorn.conf.py`. Each value can be changed through the
environment variable named next to it; nothing here is specific to one machine.
"""

import multiprocessing
import os

wsgi_app = "wegwijzer.wsgi:application"

# Where to listen. Behind a load balancer on another machine: GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Worker processes (WEB_CONCURRENCY). The pages are CPU-bound Python, so processes, not
# threads, use the cores; two per core keeps them busy while one waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# Recycle each worker after this many requests (GUNICORN_MAX_REQUESTS; 0 = never), so a slow
# leak cannot grow unbounded. Not too often: a fresh worker spends half a second starting.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 30
keepalive = 5

# Trust X-Forwarded-* headers only from the proxy in front (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs go to stderr. The access log is off unless GUNICORN_ACCESS_LOG=- ; its format leaves out
# the client address, the query string (the situation someone chose), the referrer and the user agent.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# No control socket: several instances on one machine would fight over its one default path.
control_socket_disable = True
