"""Images and PDF documents on challenges, solutions and progress updates: upload, storage, serving, covers."""

from flask import Blueprint

bp = Blueprint("attachments", __name__)

from socialchallenge.attachments import views  # noqa: E402,F401  (routes register on import)
