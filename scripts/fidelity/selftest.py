"""The checker's self-test: deliberately broken copies of files this run exported must fail, each
with the reason its defect deserves. A check that cannot fail proves nothing.

Each case takes the first export of a format (preferring one with tool calls), breaks one row of
one file the way a faulty writer would, and runs that format's check on the copy.
"""
import copy
import json
import os

from consumers import CHECKS
from messages import Fail


def _lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f]


def _write_lines(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def _first_call_message(messages):
    return next(m for m in messages if m.get("tool_calls"))


def _has_calls(rows, key):
    return any(m.get("tool_calls") for m in rows[0][key]) if rows else False


def jsonl_case(name, fmt, expect, mutate, pick=None):
    """A case that rewrites the first row of the first file of a JSONL export."""
    def build(plan, tmp):
        exports = [e for e in plan["exports"] if e["format"] == fmt and e["files"]]
        if pick:  # an export whose first file has what the break needs (tool calls, two rows)
            exports = [e for e in exports if pick(_lines(e["files"][0]["path"]))]
        if not exports:
            return None
        export = copy.deepcopy(exports[0])
        f = export["files"][0]
        rows = _lines(f["path"])
        mutate(rows, export)
        f["path"] = os.path.join(tmp, f"{name}-{f['name']}")
        _write_lines(f["path"], rows)
        export["files"] = [f]
        return export
    return name, fmt, expect, build


def _drop_content(rows, _):
    del _first_call_message(rows[0]["messages"])["content"]


def _null_content(rows, _):
    _first_call_message(rows[0]["messages"])["content"] = None


def _object_arguments(rows, _):
    call = _first_call_message(rows[0]["messages"])["tool_calls"][0]
    call["function"]["arguments"] = json.loads(call["function"]["arguments"])


def _orphan_result(rows, _):
    next(m for m in rows[0]["messages"] if m["role"] == "tool")["tool_call_id"] = "call_nobody_made"


def _token_off_by_one(_rows, export):
    export["tokens"]["qwen3"][export["files"][0]["name"]][0] += 1


def _row_lost(rows, _):
    rows.pop()  # the file now has one row fewer than the export says it wrote


def _chosen_starts_with_user(rows, _):
    rows[0]["chosen"][0]["role"] = "user"


def _label_as_text(rows, _):
    rows[0]["label"] = "true"


def _two_preferred(rows, _):
    rows[0]["preferred_output"] = rows[0]["preferred_output"] * 2


def _rollout_without_content(rows, _):
    del rows[0]["messages"][-1]["content"]


def _sft_json_without_tools(plan, tmp):
    exports = [e for e in plan["exports"] if e["format"] == "sft-json" and e["files"]]
    if not exports:
        return None
    export = copy.deepcopy(exports[0])
    f = export["files"][0]
    with open(f["path"], encoding="utf-8") as fh:
        doc = json.load(fh)
    del next(iter(doc["splits"].values()))[0]["tools"]
    f["path"] = os.path.join(tmp, "sft-json-without-tools.json")
    with open(f["path"], "w", encoding="utf-8") as fh:
        json.dump(doc, fh)
    return export


def _parquet_case(name, fmt, expect, mutate_table):
    def build(plan, tmp):
        import pyarrow.parquet as pq

        exports = [e for e in plan["exports"] if e["format"] == fmt and e["files"] and e.get("mode") != "single-turn"]
        if not exports:
            return None
        export = copy.deepcopy(exports[0])
        f = export["files"][0]
        table = mutate_table(pq.read_table(f["path"]))
        f["path"] = os.path.join(tmp, f"{name}-{f['name']}")
        pq.write_table(table, f["path"])
        export["files"] = [f]
        return export
    return name, fmt, expect, build


def _prompt_as_json_text(table):
    import pyarrow as pa

    i = table.schema.get_field_index("prompt")
    text = pa.array([json.dumps(p) for p in table.column("prompt").to_pylist()], pa.string())
    return table.set_column(i, "prompt", text)


def _csv_cell_changed(plan, tmp):
    import csv

    exports = [e for e in plan["exports"] if e["format"] == "verl-sft-csv" and e["files"]]
    if not exports:
        return None
    export = copy.deepcopy(exports[0])
    f = export["files"][0]
    with open(f["path"], encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][0] += " (edited)"  # the first row's data_source
    f["path"] = os.path.join(tmp, f"csv-cell-changed-{f['name']}")
    with open(f["path"], "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    export["files"] = [f]
    return export


CASES = [
    jsonl_case("drop-content", "openai-chat", "has no content", _drop_content,
               pick=lambda rows: _has_calls(rows, "messages")),
    jsonl_case("null-content", "openai-chat", "not text", _null_content, pick=lambda rows: _has_calls(rows, "messages")),
    jsonl_case("object-arguments", "openai-chat", "arguments are dict", _object_arguments,
               pick=lambda rows: _has_calls(rows, "messages")),
    jsonl_case("orphan-tool-result", "openai-chat", "answers no open call", _orphan_result,
               pick=lambda rows: _has_calls(rows, "messages")),
    jsonl_case("token-count", "openai-chat", "sift tokens counts", _token_off_by_one),
    jsonl_case("row-lost", "openai-chat", "load_dataset('json') reads", _row_lost,
               pick=lambda rows: len(rows) > 1),
    jsonl_case("chosen-starts-with-user", "trl-preference", "chosen starts with a user message",
               _chosen_starts_with_user),
    jsonl_case("label-as-text", "kto", "label is str", _label_as_text),
    jsonl_case("two-preferred-outputs", "openai-dpo", "exactly one assistant message", _two_preferred),
    jsonl_case("rollout-without-content", "rollouts-jsonl", "has no content", _rollout_without_content),
    ("sft-json-without-tools", "sft-json", "missing key(s) ['tools']", _sft_json_without_tools),
    _parquet_case("prompt-as-json-text", "verl-rl-parquet", "column prompt is string", _prompt_as_json_text),
    ("csv-cell-changed", "verl-sft-csv", "reads back as", _csv_cell_changed),
]


def run(ctx, plan, tmp):
    """Returns (cases run, cases without a suitable export in this run, problems)."""
    problems, ran, skipped = [], 0, []
    for name, fmt, expect, build in CASES:
        export = build(plan, tmp)
        if export is None:
            skipped.append(name)
            continue
        ran += 1
        try:
            for _ in CHECKS[fmt](ctx, export):
                pass
        except Fail as e:
            if expect not in e.reason:
                problems.append(f"{name}: failed for another reason: {e.reason}")
            continue
        problems.append(f"{name}: the broken {fmt} file passed every check")
    return ran, skipped, problems
