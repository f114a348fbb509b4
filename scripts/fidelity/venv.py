#!/usr/bin/env python3
"""Create (once) the fidelity suite's virtualenv from this machine's configured pip index.

usage: venv.py CACHE_DIR
Prints one JSON line on stdout: {"python": PATH, "trl": bool, "trlReason": str|null, "created": bool,
"seconds": float}. Progress and pip output go to stderr. Exits 3 with a one-line reason on stderr
when Python's venv module, pip or every configured index is unavailable.

The venv lives in CACHE_DIR/<key>, key = hash of the lock files, this script and the Python
version, so changing a pin builds a new venv (older ones are removed). A venv is used only once
its ok.json exists: an interrupted install is thrown away and redone.

Packages: requirements.lock (every package pinned, installed with --no-deps so nothing floats),
then requirements-trl.lock (torch + trl) when the index has that CPU torch wheel. pip's own
configuration (index-url, extra-index-url, find-links, constraints) is used, except that indexes
that do not answer are left out: pip would otherwise retry an unreachable default index for every
package (minutes on an offline mirror).
"""
import fcntl, hashlib, json, os, platform, shutil, subprocess, sys, time, urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(HERE, "requirements.lock")
TRL = os.path.join(HERE, "requirements-trl.lock")
DEFAULT_INDEX = "https://pypi.org/simple"


class Unavailable(Exception):
    pass


def log(msg):
    print(f"fidelity venv: {msg}", file=sys.stderr, flush=True)


def venv_key():
    h = hashlib.sha256()
    for p in (CORE, TRL, os.path.abspath(__file__)):
        with open(p, "rb") as f:
            h.update(f.read())
    h.update(f"{sys.version_info[:3]} {platform.machine()}".encode())
    return h.hexdigest()[:16]


def pip_config(python):
    """pip's effective settings (files and PIP_* variables) as {key: value}."""
    out = subprocess.run([python, "-m", "pip", "config", "list"], capture_output=True, text=True)
    if out.returncode != 0:
        raise Unavailable(f"pip does not run in the new venv ({out.stderr.strip()[:200]})")
    cfg = {}
    for line in out.stdout.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        name = key.split(".", 1)[-1]  # global.index-url, install.index-url, :env:.index-url
        cfg[name] = value.strip().strip("'\"")
    return cfg


def reachable(url):
    if url.startswith("file:"):
        return os.path.isdir(urllib.request.url2pathname(urllib.parse.urlparse(url).path))
    try:
        urllib.request.urlopen(url.rstrip("/") + "/pip/", timeout=5).close()
        return True
    except urllib.error.HTTPError:
        return True  # it answered
    except Exception:
        return False


def index_args(cfg):
    indexes = [cfg.get("index-url", DEFAULT_INDEX)] + cfg.get("extra-index-url", "").split()
    if cfg.get("no-index", "").lower() in ("1", "true", "yes"):
        indexes = []
    live = [u for u in indexes if reachable(u)]
    dead = [u for u in indexes if u not in live]
    links = cfg.get("find-links", "").split()
    if dead:
        log(f"leaving out unreachable index {', '.join(dead)}")
    if not live and not links:
        tried = ", ".join(indexes) or "none configured"
        raise Unavailable(f"no pip index is reachable (tried {tried})")
    if not live:
        return ["--no-index"]
    args = ["--index-url", live[0]]
    for u in live[1:]:
        args += ["--extra-index-url", u]
    return args


def pip_install(python, args, lock):
    cmd = [python, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check", "--no-input",
           "--progress-bar", "off", *args, "-r", lock]
    res = subprocess.run(cmd, stdout=sys.stderr, stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        last = [l for l in res.stderr.splitlines() if l.startswith("ERROR")] or res.stderr.splitlines()[-1:]
        return last[-1] if last else f"pip exited with {res.returncode}"
    return None


def create(target):
    started = time.time()
    if os.path.exists(target):
        shutil.rmtree(target)
    res = subprocess.run([sys.executable, "-m", "venv", target], capture_output=True, text=True)
    if res.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        first = ((res.stdout + res.stderr).strip().splitlines() or ["no output"])[0]
        raise Unavailable(f"python3 -m venv failed (on Debian: apt-get install python3-venv): {first}")
    python = os.path.join(target, "bin", "python")
    try:
        args = index_args(pip_config(python))
    except Unavailable:
        shutil.rmtree(target, ignore_errors=True)
        raise
    log(f"installing {os.path.basename(CORE)} into {target}")
    err = pip_install(python, args, CORE)
    if err:
        shutil.rmtree(target, ignore_errors=True)
        raise Unavailable(f"pip install -r requirements.lock failed: {err}")
    log(f"installing {os.path.basename(TRL)} (torch CPU + trl)")
    trl_reason = pip_install(python, args, TRL)
    if trl_reason:
        log(f"no TRL: {trl_reason}")
        subprocess.run([python, "-m", "pip", "uninstall", "-y", "-q", "-r", TRL], stdout=sys.stderr, stderr=sys.stderr)
    check = subprocess.run([python, "-m", "pip", "check"], capture_output=True, text=True)
    if check.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        raise Unavailable(f"pip check: {check.stdout.strip().splitlines()[0]}")
    info = {"python": python, "trl": trl_reason is None, "trlReason": trl_reason,
            "seconds": round(time.time() - started, 1)}
    with open(os.path.join(target, "ok.json"), "w") as f:
        json.dump(info, f)
    return info


def main():
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    cache = os.path.abspath(sys.argv[1])
    os.makedirs(cache, exist_ok=True)
    key = venv_key()
    target = os.path.join(cache, key)
    with open(os.path.join(cache, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two runs in one checkout build it once
        ok = os.path.join(target, "ok.json")
        try:
            if os.path.exists(ok) and os.path.exists(os.path.join(target, "bin", "python")):
                with open(ok) as f:
                    info = {**json.load(f), "created": False}
            else:
                info = {**create(target), "created": True}
        except Unavailable as e:
            print(f"fidelity venv: {e}", file=sys.stderr)
            sys.exit(3)
        for old in os.listdir(cache):  # venvs of earlier pins
            if old != key and not old.startswith(".") and os.path.isdir(os.path.join(cache, old)):
                shutil.rmtree(os.path.join(cache, old), ignore_errors=True)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
