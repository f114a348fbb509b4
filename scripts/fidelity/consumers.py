"""One check per export format: each file is read the way its consumer reads it.

A check takes (ctx, export) and yields (file, rows, what-was-checked) per file, raising Fail with
the file's line on the first problem. CHECKS maps every export format id to its check; a format
without one fails the run (see check.py), so a new writer cannot ship unchecked.
"""
import itertools
import json
import os

from messages import Fail, check_chat, check_role_content, drop_none, hf_message


_SCRATCH = itertools.count()


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.endswith("\n"):
                raise Fail("the last line has no newline", n)
            try:
                rows.append(json.loads(line))
            except ValueError as e:
                raise Fail(f"not JSON: {e}", n)
    return rows


def at_line(n, fn, *args, **kwargs):
    """Runs a row check, attaching the row's line to its Fail."""
    try:
        return fn(*args, **kwargs)
    except Fail as e:
        raise Fail(e.reason, n) from None


def expect_keys(row, required, optional=()):
    keys = set(row)
    missing = set(required) - keys
    extra = keys - set(required) - set(optional)
    if missing:
        raise Fail(f"missing key(s) {sorted(missing)}")
    if extra:
        raise Fail(f"unexpected key(s) {sorted(extra)}")


def check_tools(tools, where="tools"):
    if not isinstance(tools, list):
        raise Fail(f"{where} is {type(tools).__name__}, not a list")
    for i, t in enumerate(tools):
        fn = t.get("function") if isinstance(t, dict) else None
        if not isinstance(t, dict) or t.get("type") != "function" or not isinstance(fn, dict) \
                or not isinstance(fn.get("name"), str):
            raise Fail(f"{where}[{i}] is not {{type: 'function', function: {{name, ...}}}}")


# --------------------------------------------------------------------------------------------------
# Loading with Hugging Face datasets


def load_splits(ctx, export, builder):
    """load_dataset(builder) of every split together (a DatasetDict, the usual call) and of each
    file alone; row counts must match the files. Returns {file name: Dataset}."""
    files = export["files"]
    out = {}
    for f in files:
        try:
            ds = ctx.datasets.load_dataset(builder, data_files=f["path"], split="train", cache_dir=ctx.cache)
        except Exception as e:  # noqa: BLE001 - any failure to load is the finding
            raise Fail(f"datasets.load_dataset({builder!r}) fails: {root_cause(e)}")
        if ds.num_rows != f["rows"]:
            raise Fail(f"datasets.load_dataset({builder!r}) reads {ds.num_rows} rows, the file has {f['rows']}")
        out[f["name"]] = ds
    if len(files) > 1:
        data_files = {f["split"]: f["path"] for f in files}
        try:
            ctx.datasets.load_dataset(builder, data_files=data_files, cache_dir=ctx.cache)
        except Exception as e:  # noqa: BLE001
            # datasets types each file on its own and casts the other splits to the first one's
            # types: open-ended tool schemas, or a field null in every row of one split, differ
            # between files whoever wrote them. Reported (check.py prints it), not failed.
            ctx.split_notes.append((export, root_cause(e)))
    return out


def root_cause(e):
    while e.__cause__ is not None or (e.__context__ is not None and not e.__suppress_context__):
        e = e.__cause__ or e.__context__
    return f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"


# --------------------------------------------------------------------------------------------------
# Chat rows: openai-chat, sft-json


def chat_row_checks(ctx, messages, tools, consumer_row, sift_counts):
    """For each tokenizer: the row renders the way its consumer renders it, and its token count
    (apply_chat_template(messages, tools=tools, tokenize=True)) equals `sift tokens`' count for the
    rollout the row was exported from.

    consumer_row: the row as datasets loads it (missing keys as None), rendered through TRL's own
    helper, or None to render the row as written with apply_chat_template.
    """
    key = json.dumps([messages, tools or None], sort_keys=True)
    hf = [hf_message(m) for m in messages]
    same = hf == messages  # the row as written is what Sift renders: the consumer's render counts
    for name, tok in ctx.tokenizers.items():
        text = None
        if (name, key) not in ctx.rendered:
            try:
                if consumer_row is not None:
                    from trl.data_utils import maybe_apply_chat_template

                    text = maybe_apply_chat_template(consumer_row, tok, tools=tools or None)["text"]
                else:
                    text = tok.apply_chat_template(messages, tools=tools or None, tokenize=False)
            except Exception as e:  # noqa: BLE001
                how = "trl.maybe_apply_chat_template on the row as datasets loads it" if consumer_row is not None \
                    else "apply_chat_template(messages, tools=tools) on the row as written"
                raise Fail(f"{name}: {how} fails: {root_cause(e)}")
            ctx.rendered.add((name, key))
        if sift_counts is None:
            continue
        expected = sift_counts.get(name)
        if expected is None:
            raise Fail(f"{name}: sift tokens analyses no rollout's conversation as this row "
                       "(the writer and lib/tokenize/export-shape.ts disagree)")
        got = ctx.count_tokens(name, hf, tools, text=text if same else None)
        if got != expected and same and text is not None:
            got = ctx.count_tokens(name, hf, tools, fresh=True)  # None-filled keys may render differently
        if got != expected:
            known = ctx.known_token_difference(name, hf, tools, expected)
            if known:
                ctx.known[known] = ctx.known.get(known, 0) + 1
                continue
            raise Fail(f"{name}: transformers counts {got} tokens, sift tokens counts {expected}")


def check_openai_chat(ctx, export):
    loaded = load_splits(ctx, export, "json")
    tokens = export.get("tokens")
    for f in export["files"]:
        rows = read_jsonl(f["path"])
        dataset_rows = iter(loaded[f["name"]]) if ctx.trl else None
        for n, row in enumerate(rows, 1):
            def one(row=row, n=n):
                expect_keys(row, ["messages"], ["tools", "parallel_tool_calls"])
                check_chat(row["messages"])
                if "tools" in row:
                    check_tools(row["tools"])
                    if not isinstance(row.get("parallel_tool_calls"), bool):
                        raise Fail("parallel_tool_calls is not a boolean")
                consumer_row = None
                if dataset_rows is not None:
                    from trl.data_utils import is_conversational

                    consumer_row = next(dataset_rows)
                    if not is_conversational(consumer_row):
                        raise Fail("trl.is_conversational is False for the row as datasets loads it")
                    tools = consumer_row.get("tools")  # TRL's trainers: a JSON string or a list
                    consumer_row = {"messages": consumer_row["messages"],
                                    "tools": json.loads(tools) if isinstance(tools, str) else tools}
                counts = {t: c[f["name"]][n - 1] for t, c in tokens.items()} if tokens else None
                chat_row_checks(ctx, row["messages"], row.get("tools"), consumer_row, counts)
            at_line(n, one)
        yield f, len(rows), ctx.chat_checks_done()


def check_sft_json(ctx, export):
    (f,) = export["files"]
    with open(f["path"], encoding="utf-8") as fh:
        doc = json.load(fh)
    if set(doc) != {"splits"} or not isinstance(doc["splits"], dict):
        raise Fail("the document is not {splits: {...}}")
    k = 0
    tokens = export.get("tokens")
    for split, rows in doc["splits"].items():
        if not isinstance(rows, list):
            raise Fail(f"splits.{split} is not a list")
        # A new name each time: datasets caches a local file by its path and modification time.
        lines = os.path.join(ctx.cache, f"sft-json-{os.getpid()}-{next(_SCRATCH)}-{split}.jsonl")
        with open(lines, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        try:
            ds = ctx.datasets.load_dataset("json", data_files=lines, split="train", cache_dir=ctx.cache)
        except Exception as e:  # noqa: BLE001
            raise Fail(f"datasets.load_dataset('json') of splits.{split} as JSON lines fails: {root_cause(e)}")
        if ds.num_rows != len(rows):
            raise Fail(f"datasets reads {ds.num_rows} rows of splits.{split}, it has {len(rows)}")
        for i, row in enumerate(rows):
            where = f"splits.{split}[{i}]"
            try:
                expect_keys(row, ["messages", "tools", "task_id", "simulation_id", "reward"])
                check_chat(row["messages"], f"{where}.messages")
                check_tools(row["tools"], f"{where}.tools")
                counts = {t: c[f["name"]][k] for t, c in tokens.items()} if tokens else None
                chat_row_checks(ctx, row["messages"], row["tools"], None, counts)
            except Fail as e:
                raise Fail(f"{where}: {e.reason}") from None
            k += 1
    yield f, k, ctx.chat_checks_done(loader="load_dataset json of each split's rows", trl=False)


# --------------------------------------------------------------------------------------------------
# Preference and unpaired formats (TRL, OpenAI DPO)


def trl_preference_row(ctx, row, tools, kind):
    """What TRL does with one row: is_conversational and maybe_apply_chat_template (without TRL,
    the same renders with apply_chat_template). The trainers then tokenise the prompt rendered with
    the generation prompt and prompt + completion; the first must be a prefix of the second, or
    the completion they train on is misaligned (TRL warns)."""
    completions = [k for k in ("chosen", "rejected", "completion") if k in row]
    prompt_key = json.dumps([row["prompt"], tools or None], sort_keys=True)
    for name, tok in ctx.tokenizers.items():
        render = lambda msgs, **kw: tok.apply_chat_template(msgs, tools=tools or None, tokenize=False, **kw)  # noqa: E731
        try:
            # Rows of one prompt (pairs, KTO rows of a GRPO group) render it once.
            prompt = ctx.prompts.get((name, prompt_key))
            if prompt is None:
                prompt = ctx.prompts[(name, prompt_key)] = render(row["prompt"], add_generation_prompt=True)
            if ctx.trl:
                from trl.data_utils import is_conversational, maybe_apply_chat_template

                if not is_conversational(row):
                    raise Fail("trl.is_conversational is False")
                out = maybe_apply_chat_template(row, tok, tools=tools or None)
                full = {k: out["prompt"] + out[k] for k in completions}
            else:
                full = {k: render(row["prompt"] + row[k]) for k in completions}
        except Fail:
            raise
        except Exception as e:  # noqa: BLE001
            raise Fail(f"{name}: {'trl.maybe_apply_chat_template' if ctx.trl else 'apply_chat_template'} fails: "
                       f"{root_cause(e)}")
        for k in completions:
            if not full[k].startswith(prompt):
                raise Fail(f"{name}: the prompt rendered with the generation prompt is not a prefix of prompt + {k} "
                           f"(TRL's {kind} trainer would train on a misaligned completion)")
            if len(full[k]) == len(prompt):
                raise Fail(f"{name}: {k} renders to nothing after the prompt")


def check_trl_preference(ctx, export):
    loaded = load_splits(ctx, export, "json")
    for f in export["files"]:
        rows = read_jsonl(f["path"])
        for n, row in enumerate(rows, 1):
            def one(row=row):
                expect_keys(row, ["prompt", "chosen", "rejected", "tools"])
                check_chat(row["prompt"], "prompt", last_assistant=False, trailing_calls=False)
                check_chat(row["chosen"], "chosen", starts_with="assistant")
                check_chat(row["rejected"], "rejected", starts_with="assistant")
                check_chat(row["prompt"] + row["chosen"], "prompt+chosen")
                check_chat(row["prompt"] + row["rejected"], "prompt+rejected")
                check_tools(row["tools"])
                trl_preference_row(ctx, row, row["tools"], "DPO")
            at_line(n, one)
        ds = loaded[f["name"]]
        if ctx.trl:
            from trl.data_utils import unpair_preference_dataset

            unpaired = unpair_preference_dataset(ds)
            if unpaired.num_rows != 2 * ds.num_rows or sum(unpaired["label"]) != ds.num_rows:
                raise Fail("trl.unpair_preference_dataset does not give one desirable and one undesirable row per pair")
        yield f, len(rows), ctx.pref_checks_done("DPO", unpair=True)


def check_kto(ctx, export):
    load_splits(ctx, export, "json")
    for f in export["files"]:
        rows = read_jsonl(f["path"])
        for n, row in enumerate(rows, 1):
            def one(row=row):
                expect_keys(row, ["prompt", "completion", "label"], ["tools"])
                if not isinstance(row["label"], bool):
                    raise Fail(f"label is {type(row['label']).__name__}, not a boolean")
                check_chat(row["prompt"], "prompt", last_assistant=False, trailing_calls=False)
                check_chat(row["completion"], "completion", starts_with="assistant")
                check_chat(row["prompt"] + row["completion"], "prompt+completion")
                if "tools" in row:
                    check_tools(row["tools"])
                trl_preference_row(ctx, row, row.get("tools"), "KTO")
            at_line(n, one)
        yield f, len(rows), ctx.pref_checks_done("KTO")


def check_openai_dpo(ctx, export):
    load_splits(ctx, export, "json")
    for f in export["files"]:
        rows = read_jsonl(f["path"])
        for n, row in enumerate(rows, 1):
            def one(row=row):
                expect_keys(row, ["input", "preferred_output", "non_preferred_output"])
                inp = row["input"]
                if not isinstance(inp, dict):
                    raise Fail("input is not an object")
                expect_keys(inp, ["messages"], ["tools", "parallel_tool_calls"])
                check_chat(inp["messages"], "input.messages", last_assistant=False, trailing_calls=False)
                if inp["messages"][-1]["role"] == "assistant":
                    raise Fail("input.messages ends with an assistant turn: the outputs would not answer it")
                for key in ("preferred_output", "non_preferred_output"):
                    out = row[key]
                    if not isinstance(out, list) or len(out) != 1:
                        raise Fail(f"{key} must be a list of exactly one assistant message")
                    check_chat(out, key, starts_with="assistant")
                    check_chat(inp["messages"] + out, f"input.messages+{key}")
                if "tools" in inp:
                    check_tools(inp["tools"], "input.tools")
                trl_row = {"prompt": inp["messages"], "chosen": row["preferred_output"],
                           "rejected": row["non_preferred_output"]}
                trl_preference_row(ctx, trl_row, inp.get("tools"), "DPO")
            at_line(n, one)
        yield f, len(rows), ctx.pref_checks_done("DPO", mapped=True)


# --------------------------------------------------------------------------------------------------
# Full rollouts: rollouts-jsonl, dpo-pairs

RECORD_KEYS = ["id", "task_id", "trial", "messages", "tools", "reward", "metrics"]


def check_record(rec, where):
    if not isinstance(rec, dict):
        raise Fail(f"{where} is not an object")
    try:
        expect_keys(rec, RECORD_KEYS)
    except Fail as e:
        raise Fail(f"{where}: {e.reason}") from None
    check_chat(rec["messages"], f"{where}.messages", last_assistant=False, canonical=True)
    check_tools(rec["tools"], f"{where}.tools")
    if rec["reward"] is not None and not isinstance(rec["reward"], (int, float)):
        raise Fail(f"{where}.reward is not a number")
    if not isinstance(rec["metrics"], dict) or not all(isinstance(v, (int, float)) for v in rec["metrics"].values()):
        raise Fail(f"{where}.metrics is not an object of numbers")


def check_rollouts_jsonl(ctx, export):
    load_splits(ctx, export, "json")
    for f in export["files"]:
        rows = read_jsonl(f["path"])
        for n, row in enumerate(rows, 1):
            at_line(n, check_record, row, "rollout")
        yield f, len(rows), "load_dataset json; canonical rollouts: content on every message, tool ids paired"


def check_dpo_pairs(ctx, export):
    load_splits(ctx, export, "json")
    for f in export["files"]:
        rows = read_jsonl(f["path"])
        for n, row in enumerate(rows, 1):
            def one(row=row):
                expect_keys(row, ["chosen", "rejected", "reward_gap"])
                check_record(row["chosen"], "chosen")
                check_record(row["rejected"], "rejected")
                gap = row["chosen"]["reward"] - row["rejected"]["reward"]
                if abs(gap - row["reward_gap"]) > 1e-9 or row["reward_gap"] <= 0:
                    raise Fail(f"reward_gap {row['reward_gap']} is not chosen.reward - rejected.reward ({gap})")
            at_line(n, one)
        yield f, len(rows), "load_dataset json; {chosen, rejected, reward_gap} with gap = reward difference"


# --------------------------------------------------------------------------------------------------
# verl parquet and CSV

RL_COLUMNS = ["data_source", "prompt", "ability", "reward_model", "extra_info"]
SFT_MULTI = ["data_source", "messages", "tools_json", "ability", "reward_model", "extra_info"]
SFT_SINGLE = ["data_source", "prompt", "prompt_data", "response_data", "ability", "reward_model", "extra_info"]


def parquet_columns(pq, path):
    """Leaf columns as pyarrow's parquet schema describes them: dotted path → (physical type,
    logical type, max definition level, max repetition level)."""
    schema = pq.ParquetFile(path).schema
    return {schema.column(i).path: (schema.column(i).physical_type, str(schema.column(i).logical_type),
                                    schema.column(i).max_definition_level, schema.column(i).max_repetition_level)
            for i in range(len(schema))}


def compare_layout(ctx, path, schema, columns, mode):
    """The columns a verl layout has, and their types equal to the real verl files' (same arrow
    type, same parquet leaves: list/element nesting, UTF8, OPTIONAL levels)."""
    if schema.names != columns:
        raise Fail(f"columns {schema.names}, verl's {mode} layout has {columns}")
    ref = ctx.verl_reference()
    if ref is None:
        return "no reference files (../shared absent): column names only"
    ref_schema, ref_leaves, ref_name = ref
    ours = parquet_columns(ctx.pq, path)
    same = ["data_source", "ability", "reward_model"] + (["prompt"] if "prompt" in columns else [])
    for col in same:
        if schema.field(col).type != ref_schema.field(col).type:
            raise Fail(f"column {col} is {schema.field(col).type}, {ref_name} has {ref_schema.field(col).type}")
        for leaf, info in ref_leaves.items():
            if leaf.split(".")[0] == col and ours.get(leaf) != info:
                raise Fail(f"parquet leaf {leaf} is {ours.get(leaf)}, {ref_name} has {info}")
    for fld in ("index", "split"):
        if schema.field("extra_info").type.field(fld).type != ref_schema.field("extra_info").type.field(fld).type:
            raise Fail(f"extra_info.{fld} type differs from {ref_name}")
    if "messages" in columns:
        # Chat messages nest like verl's prompt column: list<element: struct<...>> with string role/content.
        for part in ("role", "content"):
            want = ref_leaves[f"prompt.list.element.{part}"]
            got = ours.get(f"messages.list.element.{part}")
            if got != want:
                raise Fail(f"parquet leaf messages.list.element.{part} is {got}, {ref_name}'s prompt has {want}")
    return f"schema = {ref_name}'s for {', '.join(same)}"


def render_prompt(ctx, messages, tools=None, generation=True):
    for name, tok in ctx.tokenizers.items():
        try:
            tok.apply_chat_template(messages, tools=tools, add_generation_prompt=generation, tokenize=False)
        except Exception as e:  # noqa: BLE001
            raise Fail(f"{name}: apply_chat_template fails: {root_cause(e)}")


def to_plain(value):
    """verl's convert_nested_value_to_list_recursive: numpy arrays from pandas → lists."""
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [to_plain(v) for v in list(value)]
    return value


def check_verl_rl(ctx, export):
    load_splits(ctx, export, "parquet")
    for f in export["files"]:
        table = ctx.pq.read_table(f["path"])
        what = compare_layout(ctx, f["path"], table.schema, RL_COLUMNS, "RL")
        # RLHFDataset: pandas/datasets rows, prompt rendered with the generation prompt.
        for n, prompt in enumerate(table.column("prompt").to_pylist(), 1):
            def one(prompt=prompt):
                check_role_content(prompt, "prompt")
                render_prompt(ctx, prompt)
            at_line(n, one)
        yield f, table.num_rows, f"pyarrow + load_dataset parquet; {what}; prompt renders with the generation prompt"


def check_verl_sft_parquet(ctx, export):
    load_splits(ctx, export, "parquet")
    multi = export.get("mode") != "single-turn"
    for f in export["files"]:
        table = ctx.pq.read_table(f["path"])
        what = compare_layout(ctx, f["path"], table.schema, SFT_MULTI if multi else SFT_SINGLE,
                              "multi-turn SFT" if multi else "single-turn SFT")
        df = ctx.pd.read_parquet(f["path"])  # verl reads with pandas
        for n, (_, row) in enumerate(df.iterrows(), 1):
            def one(row=row):
                if multi:
                    # MultiTurnSFTDataset: messages column → lists of dicts; tools from `tools` (absent).
                    messages = to_plain(row["messages"])
                    tools = json.loads(row["tools_json"])
                    check_tools(tools, "tools_json")
                    check_chat(drop_none(messages))
                    for name, tok in ctx.tokenizers.items():
                        try:
                            tok.apply_chat_template(messages, tokenize=False)
                        except Exception as e:  # noqa: BLE001
                            raise Fail(f"{name}: apply_chat_template(messages) fails on the row as pandas reads it: "
                                       f"{root_cause(e)}")
                else:
                    # SFTDataset with prompt_key=prompt_data, prompt_dict_keys=[content] (same for response).
                    for key in ("prompt_data", "response_data"):
                        text = row[key]["content"] if row[key] is not None else None
                        # The answered message may be empty (a tool that returned ""); the trained one not.
                        if not isinstance(text, str) or (key == "response_data" and not text):
                            raise Fail(f"{key}.content is {text!r}, not text")
                    check_role_content(to_plain(row["prompt"]), "prompt")
                    render_prompt(ctx, [{"role": "user", "content": row["prompt_data"]["content"]}])
            at_line(n, one)
        yield f, table.num_rows, f"pyarrow, pandas, load_dataset parquet; {what}; rows render as verl reads them"


def check_verl_sft_csv(ctx, export):
    load_splits(ctx, export, "csv")
    twin = ctx.find_export(export, "verl-sft-parquet")
    for f in export["files"]:
        df = ctx.pd.read_csv(f["path"], dtype=str, keep_default_na=False)
        if len(df) != f["rows"]:
            raise Fail(f"pandas reads {len(df)} rows, the file has {f['rows']}")
        columns = SFT_SINGLE if export.get("mode") == "single-turn" else SFT_MULTI
        if list(df.columns) != columns:
            raise Fail(f"columns {list(df.columns)}, expected {columns}")
        parquet = next((p for p in twin["files"] if p["split"] == f["split"]), None) if twin else None
        if parquet is None:
            raise Fail("no verl-sft-parquet file of the same export to compare with")
        rows = ctx.pq.read_table(parquet["path"]).to_pylist()
        if len(rows) != len(df):
            raise Fail(f"{len(df)} CSV rows, {len(rows)} parquet rows")
        for n, (cells, row) in enumerate(zip(df.to_dict("records"), rows), 2):  # line 1 is the header
            for col in columns:
                value, cell = row[col], cells[col]
                back = json.loads(cell) if isinstance(value, (dict, list)) else (None if cell == "" else cell)
                if isinstance(value, (dict, list)):
                    same = back == value
                else:
                    same = back == (None if value is None else str(value))
                if not same:
                    raise Fail(f"column {col} reads back as {cell[:80]!r}, the parquet row has {str(value)[:80]!r}", n)
        yield f, len(df), "pandas + load_dataset csv; every cell reads back to the parquet export's value"


def check_stepwise_supervision(ctx, export):
    # Hook for the stepwise-supervision export (TRL {prompt, completions, labels}): check with
    # trl.data_utils (is_conversational / maybe_apply_chat_template) once the writer lands.
    raise Fail("stepwise-supervision has no fidelity check yet: write check_stepwise_supervision in "
               "scripts/fidelity/consumers.py")


CHECKS = {
    "openai-chat": check_openai_chat,
    "sft-json": check_sft_json,
    "verl-sft-parquet": check_verl_sft_parquet,
    "verl-sft-csv": check_verl_sft_csv,
    "dpo-pairs": check_dpo_pairs,
    "trl-preference": check_trl_preference,
    "openai-dpo": check_openai_dpo,
    "kto": check_kto,
    "verl-rl-parquet": check_verl_rl,
    "rollouts-jsonl": check_rollouts_jsonl,
    "stepwise-supervision": check_stepwise_supervision,
}


def verl_reference_file(directory):
    """The real verl file whose layout Sift's verl files follow (gsm8k: string ground truth)."""
    path = os.path.join(directory, "verl_gsm8k-plain_test.parquet")
    return path if os.path.exists(path) else None
