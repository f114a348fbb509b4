#!/usr/bin/env python3
"""Checks every file of a fidelity plan (written by run.ts) the way its consumer reads it.

usage: check.py PLAN.json

Prints one line per file and format ("ok" or "FAIL ... file:line: reason"), then the
seed_pipeline comparison and the checker's self-test. Exits 1 when anything failed.
"""
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
warnings.filterwarnings("ignore")

import datasets  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import transformers  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402

import consumers  # noqa: E402
import seed_compare  # noqa: E402
import selftest  # noqa: E402
from messages import NOTES, Fail  # noqa: E402

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()


# @huggingface/jinja (which Sift's token analysis renders with) ignores the argument of
# strip/lstrip/rstrip and strips all whitespace; Python's jinja strips only the given characters.
# Qwen3's template calls .lstrip('\n') on text after </think>, so such rows count differently.
JS_STRIP = [(".lstrip('\\n')", ".lstrip()"), (".rstrip('\\n')", ".rstrip()"), (".strip('\\n')", ".strip()")]
KNOWN_JS_STRIP = "@huggingface/jinja strip(chars) ignores chars (Qwen3 template, text around </think>)"


class Context:
    def __init__(self, plan, cache):
        self.plan = plan
        self.cache = cache
        self.datasets, self.pd, self.pq = datasets, pd, pq
        self.tokenizers = {name: AutoTokenizer.from_pretrained(path) for name, path in plan["tokenizers"].items()}
        self.trl = False
        if plan["trl"]:
            import trl  # noqa: F401  (installed with the venv when torch was available)

            self.trl = True
        self.known = {}
        self.split_notes = []
        self._counts = {}
        self.rendered = set()  # (tokenizer, conversation) pairs that rendered as written
        self.prompts = {}  # (tokenizer, prompt) -> the prompt rendered with the generation prompt
        self._reference = False

    def count_tokens(self, name, messages, tools, template=None, text=None, fresh=False):
        """Tokens of the conversation rendered with the tokenizer's template (or `template`), as
        apply_chat_template(tokenize=True) counts them. `text`: that render, when the caller has it."""
        key = (name, template, json.dumps([messages, tools or None], sort_keys=True))
        if key not in self._counts or fresh:
            tok = self.tokenizers[name]
            if text is None or fresh:
                text = tok.apply_chat_template(messages, tools=tools or None, tokenize=False, chat_template=template)
            self._counts[key] = len(tok(text, add_special_tokens=False)["input_ids"])
        return self._counts[key]

    def known_token_difference(self, name, messages, tools, expected):
        template = self.tokenizers[name].chat_template
        js = template
        for a, b in JS_STRIP:
            js = js.replace(a, b)
        if js != template and self.count_tokens(name, messages, tools, js) == expected:
            return f"{name}: {KNOWN_JS_STRIP}"
        return None

    def verl_reference(self):
        if self._reference is False:
            self._reference = None
            ref_dir = self.plan["verlReference"]
            path = consumers.verl_reference_file(ref_dir) if ref_dir else None
            if path:
                self._reference = (pq.read_schema(path), consumers.parquet_columns(pq, path), os.path.basename(path))
        return self._reference

    def find_export(self, export, fmt):
        return next((e for e in self.plan["exports"] if e["format"] == fmt and e["dataset"] == export["dataset"]
                     and e.get("mode") == export.get("mode")), None)

    def chat_checks_done(self, loader="load_dataset json", trl=True):
        trl = (("TRL is_conversational + maybe_apply_chat_template on the rows datasets loads" if self.trl
                else "no TRL: apply_chat_template on the rows as written") if trl else "rows as written")
        return (f"{loader}; content, tool calls and ids; {'+'.join(self.tokenizers)} templates render; "
                f"token counts = sift tokens; {trl}")

    def pref_checks_done(self, trainer, unpair=False, mapped=False):
        if self.trl:
            what = "is_conversational, maybe_apply_chat_template" + (", unpair_preference_dataset" if unpair else "")
            what = f"TRL {what}; prompt is a prefix of prompt + completion ({trainer})"
        else:
            what = f"no TRL: apply_chat_template renders; prompt is a prefix of prompt + completion ({trainer})"
        return ("load_dataset json; " + ("OpenAI DPO shape, as TRL prompt/chosen/rejected: " if mapped else "")
                + f"content, tool calls and ids; {what}")


def label(export):
    mode = f" ({export['mode']})" if export.get("mode") else ""
    return f"{export['format']}{mode}", export["source"]


def check_export(ctx, export):
    """Returns (printed lines, failures, files checked) for one export."""
    fmt, source = label(export)
    if export.get("empty"):
        return [f"  --   {fmt:<28} {source}: nothing to export ({export['empty'][:100]})"], 0, 0
    check = consumers.CHECKS.get(export["format"])
    if check is None:
        return [f"  FAIL {fmt:<28} {source}: no fidelity check for format {export['format']!r} "
                "(add one to CHECKS in scripts/fidelity/consumers.py)"], 1, 0
    lines, done = [], set()
    try:
        for f, rows, what in check(ctx, export):
            done.add(f["name"])
            lines.append(f"  ok   {fmt:<28} {source} → {f['name']} ({rows} rows): {what}")
    except Fail as e:
        current = next((f["name"] for f in export["files"] if f["name"] not in done), export["files"][0]["name"])
        where = f"{current}:{e.line}" if e.line else current
        lines.append(f"  FAIL {fmt:<28} {source} → {where}: {e.reason}")
        lines.append(f"       file: {os.path.join(export['dir'], current)}")
        return lines, 1, len(done)
    return lines, 0, len(done)


CTX = None  # the worker processes' context, inherited through fork


def check_group(indices):
    """One dataset's exports (so conversations repeated across its formats are rendered once).
    Returns per export: (index, lines, failures, files, notes) with the notes it produced."""
    out = []
    for i in indices:
        lines, failed, files = check_export(CTX, CTX.plan["exports"][i])
        notes = {"split": [(*label(e), cause) for e, cause in CTX.split_notes], "known": dict(CTX.known),
                 "counted": dict(NOTES)}
        CTX.split_notes.clear(), CTX.known.clear(), NOTES.clear()
        out.append((i, lines, failed, files, notes))
    return out


# Results of exports that passed, by everything they depend on: the checker's code, the venv
# (its folder name is the hash of the pins), the exported bytes, Sift's token counts, the CSV's
# parquet twin and the verl reference file, and the source (its name is in the printed line). A
# warm run re-checks only what changed; CI (a clean clone) checks everything.
CODE = hashlib.sha256(b"".join(
    open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f), "rb").read()
    for f in sorted(os.listdir(os.path.dirname(os.path.abspath(__file__)))) if f.endswith(".py")
)).hexdigest()


def result_key(plan, export, reference_hash):
    twin = CTX.find_export(export, "verl-sft-parquet") if export["format"] == "verl-sft-csv" else None
    parts = [CODE, sys.prefix, reference_hash, plan["trl"], export["source"], export["format"], export.get("mode"),
             export.get("empty"),
             [(f["name"], f["split"], f["rows"], f["sha256"]) for f in export["files"]], export.get("tokens"),
             [f["sha256"] for f in twin["files"]] if twin else None]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def file_hash(path):
    if not path or not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    global CTX
    started = time.time()
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    cache = tempfile.mkdtemp(prefix="sift-fidelity-hf-")
    ctx = CTX = Context(plan, cache)
    versions = (f"python {sys.version.split()[0]}, datasets {datasets.__version__}, pyarrow {pyarrow.__version__}, "
                f"pandas {pd.__version__}, transformers {transformers.__version__}")
    if ctx.trl:
        import torch
        import trl

        versions += f", trl {trl.__version__} (torch {torch.__version__})"
    else:
        versions += f"; TRL not installed ({plan['trlReason']}): its checks are done structurally instead"
    jobs = int(os.environ.get("SIFT_FIDELITY_JOBS", min(2, os.cpu_count() or 1)))
    print(f"fidelity: {versions}; {jobs} processes", flush=True)
    for item in plan["notImported"]:
        reason = " ".join(item["reason"].split())
        print(f"  --   import          {item['source']}: not importable ({reason[:140]})")

    # Kept in the venv (its folder is the hash of the pins) under the checker's code hash: a new
    # venv or a changed check starts empty. Runs with --only add to it.
    cache_file = os.path.join(sys.prefix, "check-results.json")
    stored = {}
    if os.path.exists(cache_file):
        with open(cache_file, encoding="utf-8") as f:
            stored = json.load(f).get(CODE, {})
    cached = {} if os.environ.get("SIFT_FIDELITY_NO_CACHE") else stored
    reference = consumers.verl_reference_file(plan["verlReference"]) if plan["verlReference"] else None
    keys = [result_key(plan, e, file_hash(reference)) for e in plan["exports"]]
    groups = {}
    for i, e in enumerate(plan["exports"]):
        if keys[i] not in cached:
            groups.setdefault(e["dataset"], []).append(i)
    results = {i: (i, [line + " [cached]" if line.startswith("  ok") else line for line in cached[k]["lines"]], 0,
                   cached[k]["files"], cached[k]["notes"]) for i, k in enumerate(keys) if k in cached}
    checking = sum(len(g) for g in groups.values())
    print(f"fidelity: checking {checking} exports; {len(keys) - checking} are unchanged since a passing run "
          "(SIFT_FIDELITY_NO_CACHE=1 checks them too)", flush=True)
    failures, files, split_notes, known, counted, fresh = 0, 0, [], Counter(), Counter(), {}
    shown = 0

    def show_ready():
        """Prints results in export order as soon as the next one is in."""
        nonlocal shown, failures, files, split_notes
        while shown in results:
            _, lines, failed, n, notes = results[shown]
            print("\n".join(lines), flush=True)
            failures, files = failures + failed, files + n
            split_notes += notes["split"]
            known.update(notes["known"])
            counted.update(notes["counted"])
            if not failed:
                fresh[keys[shown]] = {"lines": [ln.removesuffix(" [cached]") for ln in lines], "files": n,
                                      "notes": notes}
            shown += 1

    pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 and groups else None
    try:
        show_ready()
        for group in pool.imap(check_group, groups.values()) if pool else map(check_group, groups.values()):
            for r in group:
                results[r[0]] = r
            show_ready()
    finally:
        if pool:
            pool.close()
            pool.join()
    with open(cache_file, "w", encoding="utf-8") as f:
        json.dump({CODE: {**stored, **fresh}}, f)

    seed = plan.get("seedPipeline")
    if seed and seed.get("siftSft"):
        try:
            n = seed_compare.compare(seed["pipelineSft"], seed["siftSft"])
            print(f"  ok   seed_pipeline.py SFT  {n} lines equal Sift's openai-chat export of the same recipe "
                  "(reward >= 0.95), after JSON normalisation")
        except Fail as e:
            failures += 1
            print(f"  FAIL seed_pipeline.py SFT  train.jsonl:{e.line}: {e.reason}")
            print(f"       file: {seed['siftSft']}")
    if split_notes:
        print(f"  note load_dataset of all splits together (data_files={{split: file}}) fails for "
              f"{len(split_notes)} exports; each split loads on its own. datasets types each file alone "
              "and casts the others to the first one's types:")
        for fmt, source, cause in split_notes:
            print(f"         {fmt} {source}: {cause[:160]}")
    for note, n in sorted(counted.items()):
        print(f"  note {note}: {n}")
    for k, n in sorted(known.items()):
        print(f"  note known token-count difference in {n} rows: {k}")

    broken = tempfile.mkdtemp(prefix="sift-fidelity-selftest-")
    try:
        ran, skipped, problems = selftest.run(ctx, plan, broken)
    finally:
        shutil.rmtree(broken, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    for p in problems:
        print(f"  FAIL self-test {p}")
    if not problems:
        unused = f" (no export of this run to break for {', '.join(skipped)})" if skipped else ""
        print(f"  ok   self-test: {ran} deliberately broken files, each failed with the expected reason{unused}")
    failures += len(problems)

    verdict = "FAILED" if failures else "passed"
    print(f"fidelity: {verdict}: {files} files checked, {failures} failure(s), Python side {time.time() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
