"""The Python baseline of bench/tokens.ts: Hugging Face transformers' chat template + tokenizer in a
loop, as tau2's truncation_optimization.py does it.

    python tokens_python.py TOKENIZER_DIR FILE.jsonl > result.json

Each line of FILE is {"messages": [...], "tools": [...]?} (an openai-chat export line, or the input
file). Per line: apply_chat_template(messages, tools=tools, tokenize=True). A message whose content
is null or missing gets "" first: Qwen3's template runs `'</think>' in message.content`, which
raises on None, so every trainer has to do this. Prints one JSON object: counts per line, the
loop's seconds, the whole process' seconds (imports and tokenizer load included) and versions.
"""
import json
import sys
import time

t_process = time.perf_counter()
import transformers  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402

tokenizer_dir, path = sys.argv[1], sys.argv[2]
tok = AutoTokenizer.from_pretrained(tokenizer_dir, local_files_only=True)
rows = []
with open(path, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            rows.append(json.loads(line))
for r in rows:
    for m in r["messages"]:
        c = m.get("content")
        if c is None:
            m["content"] = ""
        elif isinstance(c, list):
            m["content"] = "".join(p.get("text", "") for p in c if p.get("type") == "text")

t_loop = time.perf_counter()
counts = []
for r in rows:
    ids = tok.apply_chat_template(r["messages"], tools=r.get("tools"), tokenize=True)
    if not isinstance(ids, list):  # transformers 5 returns a BatchEncoding by default
        ids = ids["input_ids"]
    counts.append(len(ids))
loop_s = time.perf_counter() - t_loop

json.dump(
    {
        "counts": counts,
        "loop_s": loop_s,
        "process_s": time.perf_counter() - t_process,
        "transformers": transformers.__version__,
    },
    sys.stdout,
)
