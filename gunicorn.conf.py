"""gunicorn settings for production: `gunicorn --config gunicorn.conf.py tervekunta.wsgi`.

Sync workers behind a reverse proxy that buffers whole requests and responses (see
docs/operations.md), so a slow client holds a proxy connection, never a worker. Access and
error lines go to standard output with the keys of private links replaced.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# A request that takes longer is a fault: the worker is restarted and the proxy answers 502.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100

accesslog = "-"
errorlog = "-"
# %({x-forwarded-for}i)s: the visitor's address as the proxy passed it; %(h)s is the proxy's.
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" %({x-request-id}i)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_paths": {"()": "tervekunta.observability.PrivatePathFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["private_paths"],
        },
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
