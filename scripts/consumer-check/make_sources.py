#!/usr/bin/env python3
"""Writes the mixed-modality source files the consumer check converts, mixes and exports.

Usage: make_sources.py SHARED_DATA_DIR OUT_DIR

Media come from SHARED_DATA_DIR/media (copied into OUT_DIR/media, outside the project); text from
SHARED_DATA_DIR/text-preferences is referenced by the recipe, not copied. Every modality of the nine
tasks that public sets offer is covered: t2t (AlpacaEval, the LLaMA-Factory DPO demo, XSTest, an
HH-RLHF-style file with two assistant turns in a row, a chat pair whose text holds a literal <video>
tag), ti2t (a multi-turn LLaMA-Factory record whose second image belongs to its second user turn,
RLAIF-V-style rows), tv2t, ta2t (from LLaMA-Factory's mllm demos), t2i (HPDv2-style), t2v (video
pairs), t2a, ti2i and t23d (ranking records with media responses).
"""
import gzip
import json
import os
import shutil
import sys

shared, out = sys.argv[1], sys.argv[2]
media_src = os.path.join(shared, "media")
os.makedirs(os.path.join(out, "media"), exist_ok=True)
for name in os.listdir(media_src):
    if not name.endswith(".json"):
        shutil.copyfile(os.path.join(media_src, name), os.path.join(out, "media", name))


def dump(name, rows, lines=False):
    path = os.path.join(out, name)
    with open(path, "w", encoding="utf-8") as f:
        if lines:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            json.dump(rows, f, ensure_ascii=False, indent=1)


def demo(name):
    with open(os.path.join(media_src, name), encoding="utf-8") as f:
        return json.load(f)


# LLaMA-Factory ranking records with input media, from the mllm demos: the last assistant turn is
# the chosen answer, another record's last answer the rejected one.
ranking = []
for name, column in (("mllm_demo.json", "images"), ("mllm_video_demo.json", "videos"),
                     ("mllm_audio_demo.json", "audios")):
    rows = demo(name)
    for i, r in enumerate(rows):
        msgs = r["messages"]
        conv = [{"from": "human" if m["role"] == "user" else "gpt", "value": m["content"]} for m in msgs[:-1]]
        other = rows[(i + 1) % len(rows)]["messages"][-1]["content"]
        rec = {"conversations": conv, "chosen": {"from": "gpt", "value": msgs[-1]["content"]},
               "rejected": {"from": "gpt", "value": other},
               column: ["media/" + os.path.basename(p) for p in r[column]]}
        if i % 2 == 0:
            rec["system"] = "Prefer the answer that describes the media accurately."
        ranking.append(rec)
# media responses as the authors' fork lists them: t2a [chosen, rejected], ti2i [source, chosen, rejected]
ranking.append({"conversations": [{"from": "human", "value": "the sound of glass breaking"}],
                "chosen": {"from": "gpt", "value": "<audio>"}, "rejected": {"from": "gpt", "value": "<audio>"},
                "audios": ["media/1.mp3", "media/2.wav"]})
ranking.append({"conversations": [{"from": "human", "value": "a person speaking calmly"}],
                "chosen": {"from": "gpt", "value": "<audio>"}, "rejected": {"from": "gpt", "value": "<audio>"},
                "audios": ["media/3.flac", "media/4.mp3"]})
ranking.append({"conversations": [{"from": "human", "value": "<image>Make the sky orange"}],
                "chosen": {"from": "gpt", "value": "<image>"}, "rejected": {"from": "gpt", "value": "<image>"},
                "images": ["media/1.jpg", "media/2.jpg", "media/3.jpg"]})
ranking.append({"conversations": [{"from": "human", "value": "a chair seen from four sides"}],
                "chosen": {"from": "gpt", "value": "<image>"}, "rejected": {"from": "gpt", "value": "<image>"},
                "images": ["media/2.jpg", "media/3.jpg"], "task": "t23d"})
dump("mm_ranking.json", ranking)

# HPDv2-style t2i annotations
dump("hpdv2.json", [
    {"prompt": "two football players celebrating", "image_path": ["media/1.jpg", "media/2.jpg", "media/3.jpg"],
     "human_preference": [1, 0, 0]},
    {"prompt": "an astronaut giving a speech", "image_path": ["media/3.jpg", "media/2.jpg"],
     "human_preference": [0, 1]},
])

# text-to-video pairs
dump("videos.jsonl", [
    {"prompt": "a city street at dusk", "chosen": "media/1.mp4", "rejected": "media/3.mp4"},
    {"prompt": "a slow pan over a field", "chosen": "media/4.mp4", "rejected": "media/2.avi",
     "criteria": "Prefer the smoother camera motion."},
], lines=True)

# RLAIF-V-style rows (image paths)
dump("rlaifv.jsonl", [
    {"question": "How many people are in the picture?", "chosen": "Two men.", "rejected": "Five women.",
     "image": "media/1.jpg"},
    {"question": "Describe the scene.", "chosen": "A man in a suit speaks at a podium.",
     "rejected": "A dog runs on a beach.", "image": "media/3.jpg"},
], lines=True)

# HH-RLHF-style transcripts; the second has two assistant turns in a row
with gzip.open(os.path.join(out, "hh-train.jsonl.gz"), "wt", encoding="utf-8") as f:
    for chosen, rejected in (
        ("\n\nHuman: What is a good name for a cat?\n\nAssistant: Whiskers is a classic.",
         "\n\nHuman: What is a good name for a cat?\n\nAssistant: Cats do not need names."),
        ("\n\nHuman: Can you help me bake bread?\n\nAssistant: Sure.\n\nAssistant: Do you have yeast?"
         "\n\nHuman: Yes, I do.\n\nAssistant: Then mix flour, water, salt and yeast, and knead for ten minutes.",
         "\n\nHuman: Can you help me bake bread?\n\nAssistant: Sure.\n\nAssistant: Do you have yeast?"
         "\n\nHuman: Yes, I do.\n\nAssistant: Buy bread instead."),
    ):
        f.write(json.dumps({"chosen": chosen, "rejected": rejected}) + "\n")

# a chat pair whose texts hold literal placeholder tokens and significant whitespace
dump("chat-pairs.jsonl", [
    {"prompt": [{"role": "user", "content": "How do I embed a clip with the <video> tag?"}],
     "chosen": [{"role": "assistant", "content": "Write <video src=\"clip.mp4\" controls></video>.\n"}],
     "rejected": [{"role": "assistant", "content": "  You cannot. "}]},
], lines=True)

tp = os.path.join(os.path.abspath(shared), "text-preferences")
recipe = f"""seed: 7
valid_fraction: 0.3
sources:
  - {{name: alpaca, path: {tp}/alpaca_eval/Mixtral-8x7B-Instruct-v0.1__alpaca_eval_gpt4_turbo_fn.json, format: alpaca-eval, cap: 200}}
  - {{name: lf-dpo, path: {tp}/llamafactory_dpo_en_demo.json, format: llamafactory, cap: 100}}
  - {{name: xstest, path: {tp}/xstest, format: xstest, cap: 100}}
  - {{name: mm, path: mm_ranking.json, format: llamafactory}}
  - {{name: hpdv2, path: hpdv2.json, format: hpdv2}}
  - {{name: videos, path: videos.jsonl, format: video-pairs}}
  - {{name: rlaifv, path: rlaifv.jsonl, format: rlaif-v}}
  - {{name: hh, path: hh-train.jsonl.gz, format: hh-rlhf}}
  - {{name: chat, path: chat-pairs.jsonl, format: chat-pairs}}
"""
with open(os.path.join(out, "recipe.yaml"), "w", encoding="utf-8") as f:
    f.write(recipe)
print("sources and recipe.yaml written to", out)
