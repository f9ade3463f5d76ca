"""A headless Anki with the AnkiConnect add-on, for tests/it/sync.rs.

python sync_anki.py BASE PORT ADDON: makes a profile in BASE (a scratch
folder), copies the add-on from ADDON (clients/anki-connect of the shared
folder, or the project's unchanged copy in tests/clients: GPL-3.0, test
data only) into
BASE/addons21/AnkiConnect listening on PORT, starts Anki with offscreen Qt,
prints `ready` once AnkiConnect answers, and stops Anki (SIGTERM, then
SIGKILL) when its standard input closes: when the test process that started
it ends, however it ends. benches/sync.sh runs it too.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def main():
    base, port, addon = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    target = base / "addons21" / "AnkiConnect"
    # Contents only, not modes: CI's shared folder is read-only, and Anki
    # writes into the add-on's folder.
    shutil.copytree(
        addon,
        target,
        ignore=shutil.ignore_patterns("__pycache__"),
        copy_function=shutil.copyfile,
    )
    for folder, _, _ in os.walk(target):
        os.chmod(folder, 0o755)
    config = json.loads((target / "config.json").read_text())
    config["webBindPort"] = port
    (target / "config.json").write_text(json.dumps(config))
    from aqt.profiles import ProfileManager

    pm = ProfileManager(base=base)
    pm.setupMeta()
    pm.setLang("en_US")
    pm.create("test")
    # Anki runs once per user: a second one hands its arguments to the
    # first and exits. A key of its own keeps this one apart from any other
    # Anki on the machine (another test run, the user's own).
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        ANKI_SINGLE_INSTANCE_KEY=f"qbank-test-anki-{port}",
    )
    if os.geteuid() == 0:
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
    run = "import sys; sys.argv = ['anki', '-b', sys.argv[1], '-p', 'test']; import aqt; aqt.run()"
    anki = subprocess.Popen(
        [sys.executable, "-c", run, str(base)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=open(base / "anki.log", "wb"),
    )
    try:
        wait_ready(port, anki)
        print("ready", flush=True)
        sys.stdin.read()
    finally:
        anki.terminate()
        try:
            anki.wait(15)
        except subprocess.TimeoutExpired:
            anki.kill()
            anki.wait()


def wait_ready(port, anki):
    body = json.dumps({"action": "version", "version": 6}).encode()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if anki.poll() is not None:
            raise SystemExit(f"Anki exited with {anki.returncode} before AnkiConnect answered")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}", data=body)
            with urllib.request.urlopen(request, timeout=2) as response:
                if json.load(response).get("result") == 6:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("AnkiConnect did not answer within 90 s")


if __name__ == "__main__":
    main()
