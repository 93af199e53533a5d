#!/usr/bin/env python3
"""Checks judge requests captured by the judge's tests against the providers' published definitions.

    mvn -B verify -pl omni-reward-judge -am -Domnireward.capture.dir=/tmp/captured   # writes openai-N.json, anthropic-N.json
    python3 scripts/validate-judge-requests.py /tmp/captured \
        --openapi openai-openapi/openapi.json \
        --anthropic-sdk anthropic-sdk-python/src

OpenAI: each openai-*.json body is validated with jsonschema against CreateChatCompletionRequest of
OpenAI's OpenAPI document (github openai/openai-openapi). Bodies meant for vLLM (video_url parts from
video-mode native/frame-list, vLLM request fields) are not OpenAI requests: they are checked against
the shape vLLM's chat protocol declares for them instead, and counted apart.

Anthropic: each anthropic-*.json body is checked against MessageCreateParamsNonStreaming of the
Anthropic Python SDK (github anthropics/anthropic-sdk-python, its TypedDicts read through typing),
strictly: a key the SDK does not declare, a missing required key, a literal or type that does not
match is an error (pydantic would let unknown keys through).

Needs python3-jsonschema (and python3-yaml for a YAML OpenAPI file) and, for the SDK, its imports
(httpx, anyio, distro, sniffio, jiter, docstring_parser, pydantic 2). Exit 0 when every request passes.
"""
import argparse
import glob
import json
import os
import sys
import typing

VLLM_FIELDS = {"chat_template_kwargs", "mm_processor_kwargs", "media_io_kwargs", "top_k", "min_p",
               "repetition_penalty", "skip_special_tokens", "include_stop_str_in_output", "chat_template",
               "add_generation_prompt", "continue_final_message", "structured_outputs", "priority"}


def is_vllm_request(body):
    if VLLM_FIELDS & set(body):
        return True
    for m in body.get("messages", []):
        content = m.get("content")
        if isinstance(content, list) and any(p.get("type") == "video_url" for p in content):
            return True
    return False


def check_vllm(body):
    """The parts vLLM's chat protocol (ChatCompletionContentPartVideoParam, its kwargs fields) declares."""
    errors = []
    for m in body.get("messages", []):
        content = m.get("content")
        if not isinstance(content, list):
            continue
        for p in content:
            if p.get("type") == "video_url":
                v = p.get("video_url")
                if not isinstance(v, dict) or not isinstance(v.get("url"), str) or set(v) - {"url"} or set(p) - {"type", "video_url", "uuid"}:
                    errors.append("video_url part must be {type, video_url: {url}}: %s" % json.dumps(p)[:200])
                elif v["url"].startswith("data:video/jpeg;base64,") and "," not in v["url"][len("data:video/jpeg;base64,"):] \
                        and len(v["url"]) < 40:
                    errors.append("empty frame list")
    for f in ("chat_template_kwargs", "mm_processor_kwargs", "media_io_kwargs"):
        if f in body and not isinstance(body[f], dict):
            errors.append(f + " must be an object")
    return errors


def openai_validator(path):
    import jsonschema
    if path.endswith((".yaml", ".yml")):
        import yaml
        with open(path) as fh:
            doc = yaml.safe_load(fh)
    else:
        with open(path) as fh:
            doc = json.load(fh)
    schema = {"$ref": "#/components/schemas/CreateChatCompletionRequest", "components": doc["components"]}
    cls = jsonschema.validators.validator_for({"$schema": "https://json-schema.org/draft/2020-12/schema"})
    return cls(schema)


# ---- strict TypedDict checking ------------------------------------------------------------------------

def check_type(value, tp, where, errors, seen_depth=0):
    import typing_extensions as te
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is typing.Any:
        return True
    if origin in (te.Annotated, typing.Annotated):
        return check_type(value, args[0], where, errors)
    if origin in (te.Required, te.NotRequired):
        return check_type(value, args[0], where, errors)
    if origin is typing.Union or (hasattr(__import__("types"), "UnionType") and isinstance(tp, __import__("types").UnionType)):
        best = None
        for a in args:
            trial = []
            if check_type(value, a, where, trial):
                return True
            if best is None or len(trial) < len(best):
                best = trial
        errors.extend(best or ["%s: %r matches no member of %s" % (where, value, tp)])
        return False
    if origin in (typing.Literal, te.Literal):
        if value in args:
            return True
        errors.append("%s: %r is not one of %s" % (where, value, args))
        return False
    if tp is type(None):
        if value is None:
            return True
        errors.append("%s: expected null" % where)
        return False
    if te.is_typeddict(tp):
        if not isinstance(value, dict):
            errors.append("%s: expected an object (%s)" % (where, tp.__name__))
            return False
        hints = typing.get_type_hints(tp, include_extras=True)
        ok = True
        unknown = set(value) - set(hints)
        if unknown:
            errors.append("%s: %s does not declare %s" % (where, tp.__name__, sorted(unknown)))
            ok = False
        for k in getattr(tp, "__required_keys__", set()):
            if k not in value:
                errors.append("%s: %s requires %r" % (where, tp.__name__, k))
                ok = False
        for k, v in value.items():
            if k in hints and not check_type(v, hints[k], where + "." + k, errors):
                ok = False
        return ok
    if isinstance(tp, type) and hasattr(tp, "model_fields"):  # the SDK's response models, accepted as params too
        if not isinstance(value, dict):
            errors.append("%s: expected an object (%s)" % (where, tp.__name__))
            return False
        fields = tp.model_fields
        unknown = set(value) - set(fields)
        if unknown:
            errors.append("%s: %s does not declare %s" % (where, tp.__name__, sorted(unknown)))
            return False
        ok = True
        for name, info in fields.items():
            if name not in value:
                if info.is_required():
                    errors.append("%s: %s requires %r" % (where, tp.__name__, name))
                    ok = False
            elif not check_type(value[name], info.annotation, where + "." + name, errors):
                ok = False
        return ok
    if origin in (list, typing.List) or (origin is not None and getattr(origin, "__name__", "") in ("Iterable", "Sequence", "SequenceNotStr")):
        if not isinstance(value, list):
            errors.append("%s: expected a list" % where)
            return False
        return all(check_type(v, args[0] if args else typing.Any, "%s[%d]" % (where, i), errors) for i, v in enumerate(value))
    if origin in (dict, typing.Dict) or tp in (dict,):
        return isinstance(value, dict) or errors.append("%s: expected an object" % where) or False
    if tp is str or getattr(tp, "__name__", "") == "SequenceNotStr":
        return isinstance(value, str) or errors.append("%s: expected a string" % where) or False
    if tp is bool:
        return isinstance(value, bool) or errors.append("%s: expected a boolean" % where) or False
    if tp is int:
        return (isinstance(value, int) and not isinstance(value, bool)) or errors.append("%s: expected an integer" % where) or False
    if tp is float:
        return (isinstance(value, (int, float)) and not isinstance(value, bool)) or errors.append("%s: expected a number" % where) or False
    if isinstance(tp, typing.TypeVar) or tp is object:
        return True
    if origin is not None and args:
        return check_type(value, args[0], where, errors)
    errors.append("%s: cannot check type %r" % (where, tp))
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("captured")
    ap.add_argument("--openapi")
    ap.add_argument("--anthropic-sdk")
    a = ap.parse_args()
    failures = 0
    if a.openapi:
        v = openai_validator(a.openapi)
        openai_ok = vllm_ok = 0
        for f in sorted(glob.glob(os.path.join(a.captured, "openai-*.json"))):
            with open(f) as fh:
                body = json.load(fh)
            if is_vllm_request(body):
                errs = check_vllm(body)
                vllm_ok += not errs
            else:
                errs = [e.message[:300] + " at " + "/".join(map(str, e.absolute_path)) for e in v.iter_errors(body)]
                openai_ok += not errs
            if errs:
                failures += 1
                print("INVALID", f, errs[:3])
        print("openai: %d requests valid against CreateChatCompletionRequest, %d vLLM requests valid against its protocol"
              % (openai_ok, vllm_ok))
    if a.anthropic_sdk:
        sys.path.insert(0, a.anthropic_sdk)
        from anthropic.types.message_create_params import MessageCreateParamsNonStreaming
        ok = 0
        for f in sorted(glob.glob(os.path.join(a.captured, "anthropic-*.json"))):
            with open(f) as fh:
                body = json.load(fh)
            errs = []
            if check_type(body, MessageCreateParamsNonStreaming, "$", errs):
                ok += 1
            else:
                failures += 1
                print("INVALID", f, errs[:3])
        print("anthropic: %d requests valid against MessageCreateParamsNonStreaming (strict)" % ok)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
