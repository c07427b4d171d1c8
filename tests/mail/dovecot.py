"""A real IMAP server for the tests: Dovecot from Debian, started on 127.0.0.1 with a throwaway
configuration, a passwd-file user and a Maildir the test fills. It listens for plain IMAP and
for IMAPS with a self-signed certificate made here, and keeps a raw log of every command."""

from __future__ import annotations

import imaplib
import mailbox
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER, PASSWORD = "reader", "letters-only-7"


def dovecot_binary() -> str:
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise RuntimeError("dovecot is required by the tests (apt-get install dovecot-imapd)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, and its key (made by the openssl tool)."""
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key_path), "-out", str(cert_path), "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert_path, key_path


class Dovecot:
    """Start with `with Dovecot() as server:`; stopped and removed on exit."""

    def __init__(self) -> None:
        # Not under pytest's tmp folder: the mail user must be able to reach the Maildir.
        self.root = Path(tempfile.mkdtemp(prefix="digestcast-dovecot-"))
        self.root.chmod(0o755)
        self.maildir = self.root / "Maildir"
        self.rawlog = self.root / "rawlog"
        self.port, self.tls_port = _free_port(), _free_port()
        self.cert, key = self_signed(self.root)
        if os.getuid() == 0:  # dovecot refuses uid 0 for mail: the Debian package's own user
            entry = pwd.getpwnam("dovecot")
            self.uid, self.gid, users = entry.pw_uid, entry.pw_gid, ""
        else:
            me = pwd.getpwuid(os.getuid()).pw_name
            self.uid, self.gid = os.getuid(), os.getgid()
            users = f"default_login_user = {me}\ndefault_internal_user = {me}\n"
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        for name in ("run", "state", "home", "rawlog"):
            (self.root / name).mkdir()
        mailbox.Maildir(self.maildir, create=True).close()
        self.config = self.root / "dovecot.conf"
        self.config.write_text(self._config(key, users))
        self._process: subprocess.Popen[bytes] | None = None

    def _config(self, key: Path, users: str) -> str:
        r = self.root
        return f"""{users}base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
mail_location = maildir:{self.maildir}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = static
  args = uid={self.uid} gid={self.gid} home={r}/home
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
}}
protocol imap {{
  rawlog_dir = {self.rawlog}
}}
"""

    def _own(self) -> None:
        for path in [self.root / "home", self.rawlog, self.maildir, *self.maildir.rglob("*")]:
            os.chown(path, self.uid, self.gid)

    def deliver(self, messages: list[bytes]) -> None:
        """Put messages in the INBOX, as a delivery agent would (new, unseen)."""
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        for data in messages:
            box.add(mailbox.MaildirMessage(data))
        box.close()
        self._own()

    def __enter__(self) -> Dovecot:
        self._own()
        self._process = subprocess.Popen(
            [dovecot_binary(), "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"dovecot did not start: {self._process.stderr!r} {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                socket.create_connection(("127.0.0.1", self.tls_port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"dovecot did not listen on {self.port}: {self.log()}")

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stderr is not None:
                self._process.stderr.close()
            self._process = None
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.is_file() else ""

    def url(self, folder: str = "INBOX", *, tls: bool = False) -> str:
        if tls:
            return f"imaps://{USER}@localhost:{self.tls_port}/{folder}"
        return f"imap://{USER}@127.0.0.1:{self.port}/{folder}"

    def sessions(self) -> set[str]:
        """The IMAP sessions so far (their rawlog files)."""
        return {p.name for p in self.rawlog.glob("*.in")}

    def commands(self, exclude: set[str] | None = None) -> list[str]:
        """Every command clients sent, without tags, from Dovecot's rawlog (sessions in
        `exclude` left out)."""
        lines: list[str] = []
        for path in sorted(self.rawlog.glob("*.in")):
            if exclude and path.name in exclude:
                continue
            for line in path.read_text(errors="replace").splitlines():
                parts = line.split(" ", 2)  # timestamp, tag, command
                if len(parts) == 3:
                    lines.append(parts[2])
        return lines

    def _examine(self, what: str) -> list[object]:
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        try:
            imap.login(USER, PASSWORD)
            imap.select("INBOX", readonly=True)
            _, data = imap.uid("FETCH", "1:*", what)
        finally:
            imap.logout()
        return list(data)

    def seen_flags(self) -> dict[int, bool]:
        """UID -> whether the message has \\Seen (looked at read-only, changing nothing)."""
        flags: dict[int, bool] = {}
        for item in self._examine("(UID FLAGS)"):
            if isinstance(item, bytes) and b"UID" in item:
                uid = int(item.split(b"UID ", 1)[1].split()[0].rstrip(b")"))
                flags[uid] = b"\\Seen" in item
        return flags

    def senders(self) -> dict[int, str]:
        """UID -> the From header (read by the test, with BODY.PEEK)."""
        found: dict[int, str] = {}
        for item in self._examine("(UID BODY.PEEK[HEADER.FIELDS (FROM)])"):
            if isinstance(item, tuple):
                uid = int(item[0].split(b"UID ", 1)[1].split()[0])
                found[uid] = item[1].decode().split(":", 1)[1].strip()
        return found
