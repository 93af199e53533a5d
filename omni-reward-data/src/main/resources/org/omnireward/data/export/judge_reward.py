"""Reward for training a generative judge with EasyR1 on `omni-reward data export --to easyr1` data.

EasyR1 loads this file through its reward-function hook:
    worker.reward.reward_function=/path/to/export/judge_reward.py:compute_score

Each problem shows a criterion, a prompt and two responses, A and B, and asks for a verdict. The judge
reasons (inside <think>...</think>, as judge_format.jinja asks) and then names one verdict:
\\boxed{A}, \\boxed{B}, or \\boxed{C} when both are equally good. The answer column holds the right
letter (C for a tie).

Scores, each in [0, 1]:
- accuracy: 1 when the verdict after the reasoning is the answer. A verdict named inside the
  reasoning does not count; a reply that names two different verdicts, or none, or whose reasoning is
  cut off (<think> without </think>), has no verdict.
- format: 1 when the reply is reasoning in <think>...</think> followed by exactly one verdict.
- overall: (1 - format_weight) * accuracy + format_weight * format (format_weight 0.1 by default; set
  it with worker.reward.reward_function_kwargs).

Written by Omni-Reward for the JVM (data export); standard library only.
"""
import re
from typing import Any, Optional

REWARD_NAME = "omni_reward_judge"
REWARD_TYPE = "batch"

_VERDICT = re.compile(r"\\boxed\{\s*([ABC])\s*\}")
_FORMAT = re.compile(r"\s*<think>.*</think>(?:(?!\\boxed).)*\\boxed\{\s*[ABC]\s*\}\s*\.?\s*", re.DOTALL)


def _normalise(response: str) -> str:
    # some models write "< think >" or "</ think>"
    return re.sub(r"<\s*(/?)\s*think\s*>", r"<\1think>", response)


def verdict(response: str) -> Optional[str]:
    """The verdict letter named after the reasoning, or None."""
    text = _normalise(response)
    if "</think>" in text:
        text = text.rsplit("</think>", 1)[1]
    elif "<think>" in text:
        return None  # the reasoning was cut off before the verdict
    letters = set(_VERDICT.findall(text))
    return letters.pop() if len(letters) == 1 else None


def format_score(response: str) -> float:
    text = _normalise(response)
    if text.count("<think>") != 1 or text.count("</think>") != 1:
        return 0.0
    after = text.rsplit("</think>", 1)[1]
    return 1.0 if _FORMAT.fullmatch(text) and len(_VERDICT.findall(after)) == 1 else 0.0


def compute_score(reward_inputs: list[dict[str, Any]], format_weight: float = 0.1) -> list[dict[str, float]]:
    scores = []
    for item in reward_inputs:
        response = item["response"]
        accuracy = 1.0 if verdict(response) == str(item["ground_truth"]).strip() else 0.0
        fmt = format_score(response)
        scores.append({"overall": (1 - format_weight) * accuracy + format_weight * fmt,
                       "format": fmt, "accuracy": accuracy})
    return scores
