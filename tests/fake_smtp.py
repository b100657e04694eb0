"""A small SMTP server for tests: takes mail like a real one, or refuses recipients the way real servers do.

Recipients whose address contains "refused" get 550 (the mailbox does not exist: a permanent refusal), those
containing "busy" get 451 (try again later). Everything accepted is kept in `received` as parsed messages."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server: FakeSmtpServer = self.server  # type: ignore[assignment]
        self.reply("220 fake.example.org ESMTP")
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake.example.org")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 2.1.0 OK")
            elif verb == "RCPT":
                address = line.partition(":")[2].strip().strip("<>")
                if "refused" in address:
                    self.reply("550 5.1.1 No such user here")
                elif "busy" in address:
                    self.reply("451 4.2.0 Mailbox busy, try again later")
                else:
                    recipients.append(address)
                    self.reply("250 2.1.5 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while True:
                    chunk = self.rfile.readline()
                    if not chunk or chunk == b".\r\n":
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                with server.lock:
                    server.received.append((recipients, message_from_bytes(data, policy=policy.default)))
                self.reply("250 2.0.0 Queued")
            elif verb == "RSET":
                recipients = []
                self.reply("250 2.0.0 OK")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognised")


class FakeSmtpServer(socketserver.ThreadingTCPServer):
    """Listens on a free local port in a background thread; `stop()` closes it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return self.server_address[1]

    def config(self) -> dict:
        """App settings that send mail here."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_USE_TLS": False}

    def stop(self) -> None:
        """Stop listening."""
        self.shutdown()
        self.server_close()
