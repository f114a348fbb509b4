"""Message-level checks shared by the chat formats, and the message shapes consumers render.

`check_chat` states what every chat target must hold for Hugging Face chat templates and OpenAI:
every message has a string `content` (templates index it: Qwen3's raises on null or a missing key,
Llama 3's prints "None"), tool calls are {id, type:"function", function:{name, arguments: JSON
text}}, and every tool result answers a call of the assistant turn before it.
"""
import json
from collections import Counter

# Things worth knowing that are not failures, counted per kind (check.py prints them).
NOTES = Counter()
NOTE_BAD_ARGUMENTS = ("tool-call arguments that are not valid JSON, written as the source had them "
                      "(the import reported each one)")


class Fail(Exception):
    """A check failed. `line` is the 1-based line (or row) in the file, when there is one."""

    def __init__(self, reason, line=None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


ROLES = {"system", "developer", "user", "assistant", "tool"}


def _text_ok(content):
    if isinstance(content, str):
        return True
    return isinstance(content, list) and all(isinstance(p, dict) and "type" in p for p in content)


def check_tool_call(call, where, canonical=False):
    """OpenAI shape, or Sift's canonical {id, name, arguments} (rollouts-jsonl, dpo-pairs)."""
    if not isinstance(call, dict) or not isinstance(call.get("id"), str):
        raise Fail(f"{where}: tool call without a string id: {json.dumps(call)[:120]}")
    if canonical:
        name, args = call.get("name"), call.get("arguments")
    else:
        fn = call.get("function")
        if call.get("type") != "function" or not isinstance(fn, dict):
            raise Fail(f"{where}: tool call {call['id']} is not {{type: 'function', function: {{...}}}}")
        name, args = fn.get("name"), fn.get("arguments")
    if not isinstance(name, str) or not name:
        raise Fail(f"{where}: tool call {call['id']} has no function name")
    if not isinstance(args, str):
        raise Fail(f"{where}: tool call {call['id']} arguments are {type(args).__name__}, not JSON text")
    try:
        json.loads(args)
    except ValueError:
        NOTES[NOTE_BAD_ARGUMENTS] += 1


def check_chat(messages, where="messages", *, last_assistant=True, trailing_calls=True, canonical=False,
               starts_with=None):
    """Raises Fail on the first message that a chat template or OpenAI would reject.

    canonical: Sift's own rollout model (rollouts-jsonl, dpo-pairs), which keeps the source as it
    was: null content beside tool calls, simulated users' tool calls, empty assistant turns.
    """
    if not isinstance(messages, list) or not messages:
        raise Fail(f"{where} is not a non-empty list")
    if starts_with and messages[0].get("role") != starts_with:
        raise Fail(f"{where} starts with a {messages[0].get('role')} message, not {starts_with}")
    open_calls = {}  # id -> index of the assistant message that made the call
    for i, m in enumerate(messages):
        at = f"{where}[{i}]"
        if not isinstance(m, dict):
            raise Fail(f"{at} is not an object")
        role = m.get("role")
        if role not in ROLES:
            raise Fail(f"{at} has role {role!r}")
        calls = m.get("tool_calls") or []
        if "content" not in m:
            raise Fail(f"{at} ({role}) has no content")
        if canonical and m["content"] is None and calls:
            pass
        elif not _text_ok(m["content"]):
            raise Fail(f"{at} ({role}) content is {type(m['content']).__name__}, not text: "
                       "chat templates fail on it (Qwen3 raises, Llama 3 prints 'None')")
        if calls and role != "assistant" and not (canonical and role == "user"):
            raise Fail(f"{at} ({role}) carries tool calls")
        if role in ("assistant", "user", "system"):
            # A new turn: every call of the previous assistant turn must have been answered.
            for cid, j in open_calls.items():
                raise Fail(f"{where}[{j}] tool call {cid} has no tool result before {at}")
        if role == "assistant" or calls:
            if not calls and m["content"] in ("", []) and not canonical:
                raise Fail(f"{at} is an empty assistant turn")
            ids = set()
            for c in calls:
                check_tool_call(c, at, canonical)
                if c["id"] in ids:
                    raise Fail(f"{at} repeats tool call id {c['id']}")
                ids.add(c["id"])
                open_calls[c["id"]] = i
        elif role == "tool":
            cid = m.get("tool_call_id")
            if cid not in open_calls:
                raise Fail(f"{at} tool result answers no open call of the assistant turn before it ({cid!r})")
            del open_calls[cid]
    last = len(messages) - 1
    for cid, j in open_calls.items():
        if not (trailing_calls and j == last):
            raise Fail(f"{where}[{j}] tool call {cid} has no tool result")
    if last_assistant and messages[-1].get("role") != "assistant":
        raise Fail(f"{where} ends with a {messages[-1].get('role')} message, not an assistant turn")


def check_role_content(messages, where):
    """verl's prompt column: list<struct{content, role}> with text content (no tool-call fields)."""
    if not isinstance(messages, list) or not messages:
        raise Fail(f"{where} is not a non-empty list")
    for i, m in enumerate(messages):
        if set(m) != {"content", "role"} or m["role"] not in ROLES or not isinstance(m["content"], str):
            raise Fail(f"{where}[{i}] is not {{content: text, role}}: {json.dumps(m)[:120]}")


def hf_message(m):
    """The message as Sift's token analysis renders it (lib/tokenize/hf-messages.ts templateMessage,
    the line as a trainer loads it): every key as written, tool-call arguments as their JSON text,
    content as text (null → "", parts → their text joined)."""
    content = m.get("content")
    if content is None:
        content = ""
    elif isinstance(content, list):
        content = "".join(p.get("text", "") for p in content if p.get("type") == "text")
    return {**m, "role": m["role"], "content": content}


def drop_none(value):
    """A value as the file had it, from a row Arrow unified (missing keys come back as None)."""
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value
