"""seed_pipeline.py (../shared/baselines) against Sift on the same synthetic NeMo-Gym file.

seed_pipeline keeps rollouts with reward >= 0.95 and writes them whole to sft.jsonl. Each kept
record is turned into the OpenAI chat line a trainer needs, here, independently of Sift:
Responses input items → system/user messages; consecutive function_call items → one assistant
turn with tool_calls (content ""); function_call_output → a tool message answering its call;
output_text parts → the assistant's text; Responses tools → chat-completions tools. The result
must equal Sift's openai-chat export of the same recipe line by line, after JSON normalisation
(keys sorted, numbers parsed).
"""
import json

from messages import Fail


def chat_line(record):
    params = record["responses_create_params"]
    messages = [{"role": m["role"], "content": m["content"]} for m in params["input"]]
    names = {}
    for item in record["response"]["output"]:
        kind = item["type"]
        if kind == "function_call":
            call = {"id": item["call_id"], "type": "function",
                    "function": {"name": item["name"], "arguments": item["arguments"]}}
            names[item["call_id"]] = item["name"]
            last = messages[-1]
            if last["role"] == "assistant" and last.get("tool_calls") and last["content"] == "":
                last["tool_calls"].append(call)  # parallel calls: one assistant turn
            else:
                messages.append({"role": "assistant", "content": "", "tool_calls": [call]})
        elif kind == "function_call_output":
            messages.append({"role": "tool", "content": item["output"], "tool_call_id": item["call_id"],
                             "name": names[item["call_id"]]})
        elif kind == "message":
            text = "".join(p["text"] for p in item["content"] if p["type"] == "output_text")
            messages.append({"role": item["role"], "content": text})
        else:
            raise Fail(f"unexpected output item {kind}")
    line = {"messages": messages}
    tools = params.get("tools") or []
    if tools:
        line["tools"] = [{"type": "function", "function": {k: t[k] for k in ("name", "description", "parameters")
                                                           if k in t}} for t in tools]
        line["parallel_tool_calls"] = True
    return line


def normalise(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {normalise(a)[:80]} vs {normalise(b)[:80]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k} only in {'seed_pipeline' if k in a else 'Sift'}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {normalise(a)[:80]} vs {normalise(b)[:80]}"


def compare(pipeline_sft, sift_sft):
    """Returns the number of lines compared; raises Fail(line) on the first difference."""
    with open(pipeline_sft, encoding="utf-8") as f:
        theirs = [chat_line(json.loads(l)) for l in f if l.strip()]
    with open(sift_sft, encoding="utf-8") as f:
        ours = [json.loads(l) for l in f if l.strip()]
    for n, (a, b) in enumerate(zip(theirs, ours), 1):
        if normalise(a) != normalise(b):
            raise Fail(f"seed_pipeline vs Sift: {first_difference(a, b)}", n)
    if len(theirs) != len(ours):
        raise Fail(f"seed_pipeline kept {len(theirs)} rollouts, Sift exported {len(ours)}")
    if not ours:
        raise Fail("no rollout passed the recipe: nothing was compared")
    return len(ours)
