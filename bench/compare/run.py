#!/usr/bin/env python3
"""Cairn side by side with tar+zstd, restic, borg, dar and duplicity on the same files, in one run.

Builds a ~476 MB corpus from files on this machine (system C headers, the .NET shared runtime, a
192 MiB file made of shared libraries, 48 MiB of random data), then for every tool: a full backup,
the same typical changes (about 1% of small files edited, a 4 KiB insertion in the middle of the big
file, appends, deletions, additions), an incremental, restore all, restore one small file, restore
one large file, and status/list. It prints one markdown table: wall time, peak RSS, bytes stored,
bytes read from the target for the single-file restores, and Cairn's ratio to each peer. Repeats go
round the tools, and each step's CPU time (user + system) is shown beside its wall time: on a shared
machine the CPU time is the steadier of the two.

    bench/compare/run.py [--repeats N] [--tools cairn,restic,...] [--install] [--out DIR] [--cairn-dist DIR]

Encryption is on for every tool that has it (tar+zstd has none). Run ./build.sh first.
"""
import abc
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "bench-passphrase-not-secret"
PEER_PACKAGES = {"restic": "restic", "borg": "borgbackup", "dar": "dar", "duplicity": "duplicity",
                 "zstd": "zstd", "strace": "strace", "/usr/bin/time": "time"}
SMALL_FILE = None  # chosen from the corpus: a ~30 KB header
BIG_FILE = "big/libs.bin"
CAIRN_DIST = ROOT / "dist"  # --cairn-dist: a copy of dist/ keeps the run safe from concurrent ./build.sh


def sh(cmd, env=None, cwd=None, check=True, capture=False):
    return subprocess.run(cmd, shell=isinstance(cmd, str), env=env, cwd=cwd, check=check,
                          stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                          stderr=subprocess.PIPE if capture else subprocess.DEVNULL, text=True)


def install_peers():
    missing = [pkg for cmd, pkg in PEER_PACKAGES.items() if shutil.which(cmd) is None]
    if missing:
        print(f"installing {' '.join(missing)}", file=sys.stderr)
        sh("apt-get update -qq")
        sh(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


# ---------------------------------------------------------------------------------------------
# Corpus

def build_corpus(gen1: Path):
    if (gen1 / ".complete").exists():
        return
    shutil.rmtree(gen1, ignore_errors=True)
    gen1.mkdir(parents=True)
    sh(["cp", "-a", "/usr/include", str(gen1 / "include")])
    dotnet = Path("/usr/share/dotnet/shared")
    if not dotnet.exists():
        dotnet = Path(os.path.realpath(shutil.which("dotnet"))).parent / "shared"
    sh(["cp", "-a", str(dotnet), str(gen1 / "dotnet-shared")])
    (gen1 / "big").mkdir()
    target = 192 * 1024 * 1024
    with open(gen1 / BIG_FILE, "wb") as out:
        written = 0
        libs = sorted(p for p in Path("/usr/lib").rglob("*.so*") if p.is_file() and not p.is_symlink())
        while written < target:
            for lib in libs:
                data = lib.read_bytes()[: target - written]
                out.write(data)
                written += len(data)
                if written >= target:
                    break
    rng = random.Random(48)
    with open(gen1 / "big" / "random.bin", "wb") as out:
        for _ in range(48):
            out.write(rng.randbytes(1024 * 1024))
    (gen1 / ".complete").write_text("")


def choose_small_file(gen1: Path) -> str:
    candidates = sorted(p for p in (gen1 / "include").rglob("*.h") if 28_000 <= p.stat().st_size <= 34_000)
    return str(candidates[0].relative_to(gen1))


def mutate(src: Path, seed: int = 7):
    """The typical day's changes, identical for every tool (deterministic from the seed)."""
    rng = random.Random(seed)
    small = sorted(p for p in (src / "include").rglob("*") if p.is_file() and not p.is_symlink())
    for path in rng.sample(small, len(small) // 100):          # ~1% of small files edited in place
        data = bytearray(path.read_bytes())
        if data:
            at = rng.randrange(len(data))
            data[at:at + 16] = rng.randbytes(16)
        path.write_bytes(bytes(data))
    for path in rng.sample(small, 20):                         # appends
        with open(path, "ab") as f:
            f.write(b"\n/* appended */\n" * 4)
    for path in rng.sample(small, 20):                         # deletions
        if path.exists():
            path.unlink()
    added = src / "include" / "added"
    added.mkdir(exist_ok=True)
    for i in range(50):                                        # additions
        (added / f"new-{i}.h").write_bytes(rng.randbytes(2000).hex().encode())
    big = src / BIG_FILE                                       # 4 KiB insertion in the middle
    data = big.read_bytes()
    middle = len(data) // 2
    big.write_bytes(data[:middle] + rng.randbytes(4096) + data[middle:])


# ---------------------------------------------------------------------------------------------
# Measuring

def measure(cmd, env, cwd=None):
    """Wall time, CPU time (user + system, the whole process tree) and peak RSS (of its largest process)."""
    timer = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", "/tmp/cairn-bench-time"]
    started = time.monotonic()
    result = subprocess.run(timer + cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {result.stderr.strip()[-400:]}")
    _, user, system, rss_kb = Path("/tmp/cairn-bench-time").read_text().split()[-4:]
    return wall, float(user) + float(system), int(rss_kb) * 1024


def bytes_read_from(cmd, env, repo: Path, cwd=None):
    """Bytes the command read from files under the repository (strace -y maps fds to paths)."""
    log = Path("/tmp/cairn-bench-strace")
    subprocess.run(["strace", "-f", "-qq", "-y", "-e", "trace=read,pread64,readv,preadv,preadv2",
                    "-e", "signal=none", "-o", str(log)] + cmd, env=env, cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    total = 0
    prefix = str(repo.resolve())
    # With -f, a call another thread interrupts is split: "PID read(3</path>, <unfinished ...>" then
    # "PID <... read resumed>..., 4096) = 4096"; remember the fd's path per pid to count both halves.
    call = re.compile(r"^(\d+\s+)?\w+\((\d+)<([^>]*)>")
    finished = re.compile(r"\)\s*=\s*(\d+)\s*$")
    pending = {}
    for line in log.read_text(errors="replace").splitlines():
        m = call.match(line)
        if m:
            path = m.group(3)
            if line.endswith("<unfinished ...>"):
                pending[(m.group(1) or "").strip()] = path
                continue
        elif "resumed>" in line:
            path = pending.pop(line.split()[0] if line[0].isdigit() else "", "")
        else:
            continue
        done = finished.search(line)
        if done and path.startswith(prefix):
            total += int(done.group(1))
    return total


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# ---------------------------------------------------------------------------------------------
# Tools: each returns argv lists for the steps, over src (the live tree), repo and an output dir.

class Tool(abc.ABC):
    name = ""
    encrypted = True

    def __init__(self, work: Path):
        self.repo = work / f"repo-{self.name}"
        self.env = {**os.environ}

    def prepare(self):
        shutil.rmtree(self.repo, ignore_errors=True)

    @abc.abstractmethod
    def full(self, src):
        """The full backup's command line."""

    def incremental(self, src):
        return None

    def restore_all(self, out):
        return None

    def restore_one(self, out, rel):
        return None

    def status(self):
        return None


class Cairn(Tool):
    name = "cairn"

    def __init__(self, work):
        super().__init__(work)
        self.exe = str(CAIRN_DIST / "cairn")
        self.env["CAIRN_PASSPHRASE"] = PASSPHRASE
        self.env["XDG_CACHE_HOME"] = str(work / "cairn-cache")

    def prepare(self):
        super().prepare()
        shutil.rmtree(self.env["XDG_CACHE_HOME"], ignore_errors=True)

    def target(self):
        return ["--target", f"file://{self.repo}"]

    def full(self, src):
        return [self.exe, "backup", "--full", "--source", str(src)] + self.target()

    def incremental(self, src):
        return [self.exe, "backup", "--source", str(src)] + self.target()

    def restore_all(self, out):
        return [self.exe, "restore"] + self.target() + [str(out)]

    def restore_one(self, out, rel):
        return [self.exe, "restore", "--path", rel] + self.target() + [str(out)]

    def status(self):
        return [self.exe, "status"] + self.target()


class TarZstd(Tool):
    name = "tar+zstd"
    encrypted = False

    def full(self, src):
        self.repo.mkdir(parents=True, exist_ok=True)
        return ["tar", "-I", "zstd -3 -T0", "-cf", str(self.repo / "full.tar.zst"), "-C", str(src), "."]


class Restic(Tool):
    name = "restic"

    def __init__(self, work):
        super().__init__(work)
        self.env.update(RESTIC_PASSWORD=PASSPHRASE, RESTIC_REPOSITORY=str(self.repo),
                        RESTIC_CACHE_DIR=str(work / "restic-cache"))

    def prepare(self):
        super().prepare()
        sh(["restic", "init"], env=self.env)

    def full(self, src):
        return ["restic", "backup", "--quiet", "--compression", "auto", "."]

    def incremental(self, src):
        return ["restic", "backup", "--quiet", "."]

    def restore_all(self, out):
        return ["restic", "restore", "latest", "--target", str(out)]

    def restore_one(self, out, rel):
        return ["restic", "restore", "latest", "--target", str(out), "--include", "/" + rel]

    def status(self):
        return ["restic", "snapshots"]


class Borg(Tool):
    name = "borg"

    def __init__(self, work):
        super().__init__(work)
        self.env.update(BORG_PASSPHRASE=PASSPHRASE, BORG_REPO=str(self.repo),
                        BORG_BASE_DIR=str(work / "borg-base"), BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK="yes")
        self.generation = 0

    def prepare(self):
        super().prepare()
        sh(["borg", "init", "--encryption=repokey"], env=self.env)

    def full(self, src):
        self.generation = 1
        return ["borg", "create", "--compression", "zstd,3", "::g1", "."]

    def incremental(self, src):
        self.generation = 2
        return ["borg", "create", "--compression", "zstd,3", "::g2", "."]

    def restore_all(self, out):
        return ["sh", "-c", f'cd "{out}" && borg extract ::g{self.generation}']

    def restore_one(self, out, rel):
        return ["sh", "-c", f'cd "{out}" && borg extract ::g{self.generation} "{rel}"']

    def status(self):
        return ["borg", "list"]


class Dar(Tool):
    name = "dar"

    def full(self, src):
        self.repo.mkdir(parents=True, exist_ok=True)
        return ["dar", "-Q", "-c", str(self.repo / "full"), "-R", str(src), "-zzstd:3", "-K", f"aes256:{PASSPHRASE}"]

    def incremental(self, src):
        return ["dar", "-Q", "-c", str(self.repo / "inc"), "-R", str(src), "-zzstd:3", "-K", f"aes256:{PASSPHRASE}",
                "-A", str(self.repo / "full"), "-J", f"aes256:{PASSPHRASE}"]

    def restore_all(self, out):
        key = ["-K", f"aes256:{PASSPHRASE}", "-O", "-w", "-R", str(out)]
        return ["sh", "-c", " && ".join(" ".join(["dar", "-Q", "-x", f"'{self.repo / name}'", *(f"'{k}'" for k in key)])
                                        for name in ("full", "inc"))]

    def restore_one(self, out, rel):
        return ["dar", "-Q", "-x", str(self.repo / "full"), "-R", str(out), "-K", f"aes256:{PASSPHRASE}", "-g", rel, "-O", "-w"]


class Duplicity(Tool):
    name = "duplicity"

    def __init__(self, work):
        super().__init__(work)
        self.env.update(PASSPHRASE=PASSPHRASE)
        self.archive_dir = work / "duplicity-cache"

    def prepare(self):
        super().prepare()
        shutil.rmtree(self.archive_dir, ignore_errors=True)

    def common(self):
        return ["--archive-dir", str(self.archive_dir), "--no-print-statistics", "--verbosity", "error"]

    def full(self, src):
        return ["duplicity", "full"] + self.common() + [str(src), f"file://{self.repo}"]

    def incremental(self, src):
        return ["duplicity", "incremental"] + self.common() + [str(src), f"file://{self.repo}"]

    def restore_all(self, out):
        return ["duplicity", "restore"] + self.common() + ["--force", f"file://{self.repo}", str(out)]

    def restore_one(self, out, rel):
        return ["duplicity", "restore"] + self.common() + ["--force", "--file-to-restore", rel,
                                                           f"file://{self.repo}", str(out / Path(rel).name)]

    def status(self):
        return ["duplicity", "collection-status"] + self.common() + [f"file://{self.repo}"]


TOOLS = {t.name: t for t in (Cairn, TarZstd, Restic, Borg, Dar, Duplicity)}

STEPS = ["full", "incremental", "restore all", "restore small file", "restore large file", "status"]


def run_tool_once(tool_cls, work, gen1, small_rel, results):
    """One repeat of every step for one tool, appending its measurements to results."""
    tool = tool_cls(work)
    src = work / "src"
    shutil.rmtree(src, ignore_errors=True)
    sh(["cp", "-a", str(gen1), str(src)])
    tool.prepare()
    out = work / "out"

    def step(name, cmd, cwd=src, reads=False, expect=None):
        if cmd is None:
            return
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        # Each step starts with nothing left to write back: the copy of the source, or an earlier step's restore
        # (half a gigabyte), would otherwise be flushed by the kernel 30 s later, in the middle of whatever step, of
        # whatever tool, runs then.
        os.sync()
        wall, cpu, rss = measure(cmd, tool.env, cwd=cwd)
        entry = results.setdefault(name, {"wall": [], "cpu": [], "rss": [], "read": []})
        entry["wall"].append(wall)
        entry["cpu"].append(cpu)
        entry["rss"].append(rss)
        if expect is not None and not any(out.rglob(expect)):
            raise RuntimeError(f"{name}: {' '.join(cmd)} restored no {expect}")
        if reads and shutil.which("strace"):
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            entry["read"].append(bytes_read_from(cmd, tool.env, tool.repo, cwd=cwd))

    step("full", tool.full(src))
    results.setdefault("stored full", []).append(du(tool.repo))
    mutate(src)
    step("incremental", tool.incremental(src))
    results.setdefault("stored total", []).append(du(tool.repo))
    step("restore all", tool.restore_all(out), cwd=work, expect=Path(small_rel).name)
    step("restore small file", tool.restore_one(out, small_rel), cwd=work, reads=True, expect=Path(small_rel).name)
    step("restore large file", tool.restore_one(out, BIG_FILE), cwd=work, reads=True, expect=Path(BIG_FILE).name)
    step("status", tool.status(), cwd=work)


def fmt_time(values):
    return f"{statistics.median(values):.2f} s" if values else "-"


def fmt_bytes(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--install", action="store_true", help="apt-get install the peers that are missing")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--cairn-dist", default=str(ROOT / "dist"), help="folder holding cairn and plugins/")
    args = parser.parse_args()
    global CAIRN_DIST
    CAIRN_DIST = Path(args.cairn_dist).resolve()

    if args.install:
        install_peers()
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    gen1 = work / "corpus-gen1"
    build_corpus(gen1)
    small_rel = choose_small_file(gen1)
    print(f"corpus: {du(gen1) / 1e6:.0f} MB, small file {small_rel} ({(gen1 / small_rel).stat().st_size} bytes)", file=sys.stderr)

    names = args.tools.split(",")
    for name in names:
        if name not in TOOLS:
            sys.exit(f"unknown tool {name}; known: {', '.join(TOOLS)}")

    # Repeats go round the tools (cairn, restic, cairn, restic, ...), so that the machine's load, which
    # changes over minutes on a shared host, weighs on every tool alike.
    all_results = {name: {} for name in names}
    for repeat in range(args.repeats):
        for name in names:
            if "error" in all_results[name]:
                continue
            print(f"running {name} ({repeat + 1} of {args.repeats})...", file=sys.stderr)
            try:
                run_tool_once(TOOLS[name], work, gen1, small_rel, all_results[name])
            except (RuntimeError, subprocess.CalledProcessError) as error:
                print(f"{name}: {error}", file=sys.stderr)
                all_results[name] = {"error": str(error)}
            (work / "results.md").write_text(render(all_results, args) + "\n")  # partial results survive an interrupted run

    table = render(all_results, args)
    print(table)
    (work / "results.md").write_text(table + "\n")


def render(all_results, args):
    names = list(all_results)
    lines = ["| step | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for step_name in STEPS:
        row = []
        for name in names:
            r = all_results[name].get(step_name)
            if not r or "error" in all_results[name]:
                row.append("-")
                continue
            cell = f"{fmt_time(r['wall'])} ({statistics.median(r['cpu']):.2f} CPU-s), {fmt_bytes(statistics.median(r['rss']))} RSS"
            if r["read"]:
                cell += f", read {fmt_bytes(statistics.median(r['read']))}"
            row.append(cell)
        lines.append(f"| {step_name} | " + " | ".join(row) + " |")
    for stored in ("stored full", "stored total"):
        lines.append(f"| {stored} | " + " | ".join(
            fmt_bytes(statistics.median(all_results[n][stored])) if stored in all_results[n] else "-" for n in names) + " |")
    if "cairn" in all_results and "error" not in all_results["cairn"] and len(names) > 1:
        for measure_name, key, steps in (("wall time", "wall", STEPS + ["stored total"]), ("CPU time", "cpu", STEPS)):
            lines += ["", f"Cairn's ratio to each peer ({measure_name}; < 1 means Cairn used less):", "",
                      "| step | " + " | ".join(n for n in names if n != "cairn") + " |",
                      "|---" * len(names) + "|"]
            for step_name in steps:
                cells = []
                for name in names:
                    if name == "cairn":
                        continue
                    mine, theirs = all_results["cairn"].get(step_name), all_results[name].get(step_name)
                    if not mine or not theirs:
                        cells.append("-")
                    elif isinstance(mine, list):
                        cells.append(f"{statistics.median(mine) / statistics.median(theirs):.2f}")
                    else:
                        cells.append(f"{statistics.median(mine[key]) / statistics.median(theirs[key]):.2f}")
                lines.append(f"| {step_name} | " + " | ".join(cells) + " |")
    unencrypted = [n for n in names if n in TOOLS and not TOOLS[n].encrypted]
    lines += ["", f"Encryption on for every tool but: {', '.join(unencrypted) or 'none'}. "
                  f"Repeats: {args.repeats} (medians), taken in turn across the tools. "
                  f"CPU time is user + system of the whole process tree. Machine: {os.cpu_count()} cores."]
    for name in names:
        if "error" in all_results[name]:
            lines.append(f"- {name} failed: {all_results[name]['error']}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
