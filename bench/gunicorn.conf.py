"""gunicorn settings for the benchmark: production-like (5 sync workers, no access log), loopback only."""

import os

bind = os.environ.get("BENCH_BIND", "127.0.0.1:8800")
workers = 5
worker_class = "sync"
accesslog = None
errorlog = "-"
loglevel = "warning"
timeout = 60
# Import the app once in the master so workers start fast and share its memory.
preload_app = True
