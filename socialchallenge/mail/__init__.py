"""Mail: queue messages in the outbox and deliver them from the worker."""

from socialchallenge.mail.outbox import deliver_due, queue_mail

__all__ = ["deliver_due", "queue_mail"]
