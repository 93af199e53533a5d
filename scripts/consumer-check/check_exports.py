#!/usr/bin/env python3
"""Loads every file of a `data export` folder through the consumer's own parsing code.

    check_exports.py llamafactory       EXPORT_DIR LLAMA_FACTORY_REPO
    check_exports.py omnireward-factory EXPORT_DIR OMNIREWARD_REPO      (the repo holding OmniReward-Factory/)
    check_exports.py trl                EXPORT_DIR TRL_REPO
    check_exports.py easyr1             EXPORT_DIR EASYR1_REPO

The repositories are the consumers' own checkouts (e.g. from `git clone`); nothing of them is copied
here. Needs Debian's python3-torch, python3-pil, python3-av, python3-numpy, python3-jinja2. Packages
Debian does not ship (transformers, datasets, …) are replaced by permissive stand-ins (stubs.py);
`datasets.load_dataset` by a loader that fills missing keys with None and refuses columns whose type
changes between rows, as Arrow does; `torchaudio.load` by PyAV decoding. Every record runs through
the consumer's converter and processor with media decoded by its own code (PIL, PyAV). Exit status 1
when any record fails; a line per file says what was loaded.
"""
import glob
import importlib
import json
import os
import sys
import traceback
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stubs  # noqa: E402

stubs.install()

import av  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402


def _torchaudio_shim():
    """torchaudio.load and functional.resample on PyAV and torch: real decoding, no torchaudio."""
    ta = types.ModuleType("torchaudio")

    def load(path):
        with av.open(path) as c:
            stream = next(s for s in c.streams if s.type == "audio")
            chunks, rate = [], stream.rate
            for frame in c.decode(stream):
                a = frame.to_ndarray()
                if frame.format.is_planar:
                    chunks.append(a.astype(np.float32))
                else:  # packed: one row of interleaved samples
                    chunks.append(a.reshape(-1, len(frame.layout.channels)).T.astype(np.float32))
            data = np.concatenate(chunks, axis=1)
            if data.size == 0:
                raise ValueError(f"{path}: no audio samples")
            return torch.from_numpy(data), rate

    def resample(x, orig, new):
        n = int(round(x.shape[-1] * new / orig))
        return torch.nn.functional.interpolate(x.unsqueeze(0), size=n, mode="linear", align_corners=False)[0]

    ta.load = load
    ta.functional = types.SimpleNamespace(resample=resample)
    sys.modules["torchaudio"] = ta
    sys.modules["torchaudio.functional"] = ta.functional


_torchaudio_shim()


def _librosa_shim():
    """librosa.load on the same PyAV decoding (the fork reads audio with librosa)."""
    lr = types.ModuleType("librosa")

    def load(path, sr=16000, **kw):
        ta = sys.modules["torchaudio"]
        audio, rate = ta.load(path)
        audio = audio.mean(dim=0, keepdim=True)
        if sr is not None and rate != sr:
            audio = ta.functional.resample(audio, rate, sr)
            rate = sr
        return audio.squeeze(0).numpy(), rate

    lr.load = load
    sys.modules["librosa"] = lr


_librosa_shim()
if not hasattr(torch, "compiler"):  # Debian's torch 1.13: EasyR1 decorates helpers with torch 2's compiler.disable
    torch.compiler = types.SimpleNamespace(disable=lambda *a, **k: (lambda f: f))
if not hasattr(torch.optim.lr_scheduler, "LRScheduler"):  # torch 1.13 names it _LRScheduler
    torch.optim.lr_scheduler.LRScheduler = torch.optim.lr_scheduler._LRScheduler


# ---- datasets.load_dataset as Arrow would build the table ----

def _type(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        inner = None
        for x in v:
            inner = _unify(inner, _type(x), "list item")
        return ("list", inner)
    if isinstance(v, dict):
        return ("struct", tuple(sorted((k, _type(x)) for k, x in v.items())))
    raise TypeError(type(v))


def _unify(a, b, where):
    if a is None:
        return b
    if b is None or a == b:
        return a
    if {a, b} == {"int", "float"}:
        return "float"
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0] == "list":
        return ("list", _unify(a[1], b[1], where))
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0] == "struct":
        fa, fb = dict(a[1]), dict(b[1])
        return ("struct", tuple(sorted((k, _unify(fa.get(k), fb.get(k), where + "." + k))
                                       for k in set(fa) | set(fb))))
    raise ValueError(f"column {where}: {a} in one row, {b} in another (Arrow cannot build the column)")


def load_rows(path):
    """Rows of a .json array or .jsonl file; every row gets every column (None where absent)."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            rows = [json.loads(line) for line in f if line.strip()]
        else:
            rows = json.load(f)
    if not rows:
        raise ValueError(f"{path}: no rows")
    columns = {}
    for r in rows:
        for k, v in r.items():
            columns[k] = _unify(columns.get(k), _type(v), k)
    return [{k: r.get(k) for k in columns} for r in rows], columns


class Report:
    def __init__(self):
        self.failures = 0
        self.lines = []

    def file(self, name, ok, errors, extra=""):
        self.failures += len(errors)
        self.lines.append(f"{'OK  ' if not errors else 'FAIL'} {name}: {ok} loaded, {len(errors)} failed{extra}")
        for e in errors[:3]:
            self.lines.append("       " + e.replace("\n", " ")[:400])

    def print(self):
        for line in self.lines:
            print(line)
        print("stubbed:", ", ".join(stubs.stubbed()) or "nothing")
        return 1 if self.failures else 0


class FakeImageProcessor:
    """An HF image processor's interface over images the plugin has really decoded: one grid per image
    (or video) from its size, as Qwen2-VL's processor reports them."""
    merge_size = 2
    max_slice_nums = 9
    use_image_id = True
    patch_size = 14
    temporal_patch_size = 2

    def preprocess(self, images=None, videos=None, **kw):
        return self(images=images, videos=videos, **kw)

    def get_slice_image_placeholder(self, size, index, max_slice_nums, use_image_id):
        return "<image>" + "<unk>" * 4 + "</image>"

    def __call__(self, images=None, videos=None, return_tensors="pt", **kw):
        out = {}
        if "do_pad" in kw:  # MiniCPM-V's image processor: images (or videos' frames) as given
            items = images or []
            out["image_sizes"] = [[getattr(x, "size", (0, 0)) for x in items]]
            out["pixel_values"] = [[None] * len(items)]
            return out
        if images:
            out["image_grid_thw"] = torch.tensor([[1, max(1, im.height // 14), max(1, im.width // 14)] for im in images])
        if videos:
            out["video_grid_thw"] = torch.tensor([[len(v), max(1, v[0].height // 14), max(1, v[0].width // 14)]
                                                  for v in videos])
        return out


class FakeFeatureExtractor:
    sampling_rate = 16000

    def __call__(self, audios, return_attention_mask=True, **kw):
        return {"input_features": torch.zeros(len(audios), 1), "attention_mask": torch.ones(len(audios), 3000)}


class FakeProcessor:
    """What the plugins look up on an HF processor before they count placeholders."""
    image_resolution = 448 * 448
    video_resolution = 128 * 128
    video_maxlen = 8
    audio_bos_token = "<|audio_bos|>"
    audio_eos_token = "<|audio_eos|>"
    model_input_names = ["input_ids"]

    def __init__(self):
        self.image_processor = FakeImageProcessor()
        self.video_processor = self.image_processor
        self.feature_extractor = FakeFeatureExtractor()

    def audio_feature_extract(self, audios_ls, audio_parts_ls, chunk_input=True, sampling_rate=16000):
        """MiniCPM-o's audio features: one placeholder string per clip, which must hold samples."""
        for clips in audios_ls:
            for a in clips:
                if len(a) == 0:
                    raise ValueError("an audio clip decoded to no samples")
        phs = [["<audio_start><unk><audio_end>" for _ in clips] for clips in audios_ls]
        lens = [[len(a) for a in clips] for clips in audios_ls]
        return [[torch.zeros(1)] for _ in audios_ls], lens, phs


class CharTokenizer:
    """Token ids are code points: enough for the templates' encode step."""
    eos_token_id = 0
    bos_token_id = 1
    pad_token_id = 0
    eos_token = "</s>"
    bos_token = "<s>"

    def encode(self, text, add_special_tokens=False, **kw):
        return [ord(c) for c in text]

    def convert_tokens_to_ids(self, tokens):
        return [2] if isinstance(tokens, str) else [2 for _ in tokens]


# ---- LLaMA-Factory (upstream) and the authors' fork ----

def check_llamafactory(export, repo, fork):
    src = os.path.join(repo, "OmniReward-Factory", "src") if fork else os.path.join(repo, "src")
    sys.path.insert(0, src)
    stubs.package("llamafactory", os.path.join(src, "llamafactory"))
    stubs.package("llamafactory.data", os.path.join(src, "llamafactory", "data"))
    if fork:
        stubs.package("llamafactory.data.processors", os.path.join(src, "llamafactory", "data", "processors"))
    else:
        stubs.package("llamafactory.data.processor", os.path.join(src, "llamafactory", "data", "processor"))
    parser = importlib.import_module("llamafactory.data.parser")
    template_mod = importlib.import_module("llamafactory.data.template")
    if fork:
        aligner = importlib.import_module("llamafactory.data.aligner")
        pairwise = importlib.import_module("llamafactory.data.processors.pairwise")
    else:
        converter_mod = importlib.import_module("llamafactory.data.converter")
        pairwise = importlib.import_module("llamafactory.data.processor.pairwise")
    info_path = os.path.join(export, "dataset_info.json")
    with open(info_path, encoding="utf-8") as f:
        info = json.load(f)
    report = Report()
    data_args = types.SimpleNamespace(media_dir=export, image_dir=export, dataset_dir=export, cutoff_len=4096,
                                      image_max_pixels=768 * 768, image_min_pixels=32 * 32,
                                      video_max_pixels=256 * 256, video_min_pixels=16 * 16, video_fps=2.0,
                                      video_maxlen=16, audio_sampling_rate=16000)
    for name, entry in info.items():
        attrs = parser.get_dataset_list([name], export)[0]
        path = os.path.join(export, attrs.dataset_name)
        try:
            rows, _ = load_rows(path)
        except Exception as e:  # the whole file fails to load
            report.file(name, 0, [f"load: {e}"])
            continue
        media_cols = [c for c in ("images", "videos", "audios") if getattr(attrs, c)]
        templates = ["qwen2_vl", "qwen2_audio"] if fork else ["qwen2_omni"]
        if not fork:
            templates.append("qwen" if not media_cols else "qwen2_audio" if media_cols == ["audios"] else "qwen2_vl")
        if fork:  # minicpm_o: the authors' model (MiniCPM-o 2.6); qwen2_vl beside it for images and video
            templates = ["minicpm_o"] + (["qwen2_vl"] if media_cols in (["images"], ["videos"]) else [])
        errors, ok, decoded = [], 0, 0
        for tname in templates:
            template = template_mod.TEMPLATES[tname]
            template.mm_plugin.expand_mm_tokens = False
            if fork:
                convert = lambda r: aligner.convert_sharegpt(r, attrs, data_args)  # noqa: E731
            else:
                conv = converter_mod.get_dataset_converter("sharegpt", attrs, data_args)
                convert = conv
                proc = pairwise.PairwiseDatasetProcessor(template=template, tokenizer=CharTokenizer(),
                                                         processor=FakeProcessor(), data_args=data_args)
            for i, row in enumerate(rows):
                try:
                    out = convert(row)
                    if not out["_prompt"] or len(out["_response"]) < 2:
                        raise ValueError("the converter marked the record broken and dropped it")
                    batch = {k: [v] for k, v in out.items()}
                    if fork:
                        res = pairwise.preprocess_pairwise_dataset(batch, template, CharTokenizer(), FakeProcessor(),
                                                                   data_args)
                    else:
                        res = proc.preprocess_dataset(batch)
                    if len(res.get("chosen_input_ids", [])) != 1:
                        raise ValueError("the pairwise processor dropped the record")
                    if tname == templates[0]:
                        decoded += decode_lf(template.mm_plugin, out, data_args, fork)
                        ok += 1
                except Exception as e:
                    if os.environ.get("CHECK_VERBOSE"):
                        traceback.print_exc()
                    errors.append(f"[{tname}] record {i}: {type(e).__name__}: {e}")
        report.file(name, ok, errors, f" (templates {', '.join(templates)}; {decoded} media decoded;"
                                      f" columns {media_cols or 'text only'})")
    return report


def decode_lf(plugin, out, a, fork):
    """Decodes the record's media with the plugin's own readers (PIL for images, PyAV for video/audio)."""
    n = 0
    images, videos, audios = out["_images"] or [], out["_videos"] or [], out["_audios"] or []
    if images and isinstance(images[0], list):
        images = [x for side in images for x in side]
    if images:
        kw = {"image_max_pixels": a.image_max_pixels, "image_min_pixels": a.image_min_pixels}
        if fork:
            kw = {"image_resolution": 512 * 512}
        n += len(plugin._regularize_images(images, **kw)["images"] if not fork
                 else plugin._regularize_images(images, **kw))
    if videos:
        kw = dict(image_max_pixels=a.video_max_pixels, image_min_pixels=a.video_min_pixels, video_fps=a.video_fps,
                  video_maxlen=a.video_maxlen)
        if fork:
            kw = dict(image_resolution=128 * 128, video_fps=a.video_fps, video_maxlen=a.video_maxlen)
        res = plugin._regularize_videos(videos, **kw)
        frames = res["videos"] if isinstance(res, dict) else res
        if any(len(v) == 0 for v in frames):
            raise ValueError("a video decoded to no frames")
        n += len(frames)
    if audios:
        res = plugin._regularize_audios(audios, sampling_rate=16000) if not fork else [
            sys.modules["torchaudio"].load(p)[0] for p in audios]
        got = res["audios"] if isinstance(res, dict) else res
        if any(len(x) == 0 for x in got):
            raise ValueError("an audio clip decoded to no samples")
        n += len(got)
    return n


# ---- TRL ----

def check_trl(export, repo):
    sys.path.insert(0, repo)
    stubs.package("trl", os.path.join(repo, "trl"))
    data_utils = importlib.import_module("trl.data_utils")
    from PIL import Image
    report = Report()
    for path in sorted(glob.glob(os.path.join(export, "*.jsonl"))):
        if path.endswith("skipped.jsonl"):
            continue
        name = os.path.basename(path)
        try:
            rows, columns = load_rows(path)
        except Exception as e:
            report.file(name, 0, [f"load: {e}"])
            continue
        vision = "image" in columns or "images" in columns  # DPOTrainer._is_vision_dataset
        errors, ok = [], 0
        for i, row in enumerate(rows):
            try:
                if not data_utils.is_conversational(row):
                    raise ValueError("not conversational")
                if set(row) - {"prompt", "chosen", "rejected", "images"}:
                    raise ValueError(f"unexpected columns {sorted(set(row) - {'prompt', 'chosen', 'rejected', 'images'})}")
                if vision:
                    if row["images"] is None:
                        raise ValueError("images is null in a vision file")
                    images = [Image.open(os.path.join(export, p)).convert("RGB") for p in row["images"]]
                    prompt = data_utils.prepare_multimodal_messages(row["prompt"], images=images)
                    for side in ("chosen", "rejected"):
                        data_utils.prepare_multimodal_messages(row[side])
                    filled = sum(1 for m in prompt for p in m["content"] if p["type"] == "image" and "image" in p)
                    if filled != len(images):
                        raise ValueError(f"{filled} image parts filled for {len(images)} images")
                else:
                    for side in ("prompt", "chosen", "rejected"):
                        for m in row[side]:
                            if not isinstance(m["content"], str):
                                raise ValueError("a text-only row has list content")
                ok += 1
            except Exception as e:
                errors.append(f"record {i}: {type(e).__name__}: {e}")
        report.file(name, ok, errors, " (vision: DPO's vision collator path)" if vision
                    else " (text: DPO and Reward trainers)")
    return report


# ---- EasyR1 ----

class TextTokenizer:
    """A tokenizer's apply_chat_template for text rows: one id per character of the rendered chat."""

    def apply_chat_template(self, messages, add_generation_prompt=True, tokenize=True, **kw):
        text = "".join(m["content"] for m in messages)
        return [ord(c) for c in text] if tokenize else text


class QwenLikeProcessor:
    """apply_chat_template and __call__ as Qwen2-VL's processor behaves for counting: one pad token per
    image or video part, and a refusal when the numbers of parts and media differ."""
    model_input_names = ["input_ids", "attention_mask"]
    image_processor = types.SimpleNamespace(merge_size=2)

    def apply_chat_template(self, messages, add_generation_prompt=True, tokenize=False, **kw):
        out = []
        for m in messages:
            c = m["content"]
            if isinstance(c, str):
                out.append(c)
            else:
                for p in c:
                    out.append({"image": "<|image_pad|>", "video": "<|video_pad|>"}.get(p["type"], p.get("text", "")))
        return "".join(out)

    def __call__(self, images=None, text=None, videos=None, add_special_tokens=False, return_tensors="pt", **kw):
        t = text[0]
        for key, tok, media in (("images", "<|image_pad|>", images), ("videos", "<|video_pad|>", videos)):
            n = t.count(tok)
            m = len(media) if media else 0
            if n != m:
                raise ValueError(f"{n} {key[:-1]} tokens in the text but {m} {key} given")
        ids = torch.tensor([[ord(c) % 1000 for c in t]])
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def check_easyr1(export, repo):
    sys.path.insert(0, repo)
    import datasets  # a stub: give it Arrow-like load_dataset
    from PIL import Image

    class Table:
        def __init__(self, rows):
            self.rows = rows

        def filter(self, fn, **kw):
            return Table([r for r in self.rows if fn(dict(r))])

        def __len__(self):
            return len(self.rows)

        def __getitem__(self, i):
            return dict(self.rows[i])

    def load_dataset(kind, data_files=None, data_dir=None, split="train"):
        return Table(load_rows(data_files)[0])

    datasets.load_dataset = load_dataset
    qwen = types.ModuleType("qwen_vl_utils.vision_process")

    def fetch_video(info, return_video_sample_fps=False, return_video_metadata=False):
        with av.open(info["video"]) as c:
            frames = [f.to_image() for _, f in zip(range(8), c.decode(video=0))]
        if not frames:
            raise ValueError(f"{info['video']}: no frames")
        return (frames, 2.0) if return_video_sample_fps else frames

    qwen.fetch_video = fetch_video
    sys.modules["qwen_vl_utils"] = types.ModuleType("qwen_vl_utils")
    sys.modules["qwen_vl_utils.vision_process"] = qwen
    stubs.package("verl", os.path.join(repo, "verl"))
    stubs.package("verl.utils", os.path.join(repo, "verl", "utils"))
    dataset_mod = importlib.import_module("verl.utils.dataset")
    report = Report()
    fmt = os.path.join(export, "judge_format.jinja")
    for path in sorted(glob.glob(os.path.join(export, "*.jsonl"))):
        if path.endswith("skipped.jsonl"):
            continue
        name = os.path.basename(path)
        try:
            ds = dataset_mod.RLHFDataset(path, tokenizer=TextTokenizer(), processor=QwenLikeProcessor(), prompt_key="problem",
                                         answer_key="answer", image_dir=export, max_prompt_length=10 ** 9,
                                         format_prompt=fmt if os.path.exists(fmt) else None,
                                         filter_overlong_prompts=True, filter_overlong_prompts_workers=1)
        except Exception as e:
            report.file(name, 0, [f"load (with the length filter): {type(e).__name__}: {e}"])
            continue
        errors, ok = [], 0
        rows = load_rows(path)[0]
        if len(ds) != len(rows):
            errors.append(f"the length filter kept {len(ds)} of {len(rows)} rows")
        for i in range(len(rows)):
            try:
                ex = dict(rows[i])
                messages = ds._build_messages(ex)
                prompt = QwenLikeProcessor().apply_chat_template(messages)
                if "images" in ex:
                    imgs = [dataset_mod.process_image(os.path.join(export, p), None, None) for p in ex["images"]]
                    QwenLikeProcessor()(imgs, [prompt])
                elif "videos" in ex:
                    vids = [fetch_video({"video": os.path.join(export, p)}) for p in ex["videos"]]
                    QwenLikeProcessor()(videos=vids, text=[prompt])
                if "<audio>" in prompt:
                    raise ValueError("a literal <audio> reaches the model: EasyR1 reads no audio")
                if ex.get("answer") not in ("A", "B", "C"):
                    raise ValueError(f"answer {ex.get('answer')!r}")
                ok += 1
            except Exception as e:
                errors.append(f"record {i}: {type(e).__name__}: {e}")
        report.file(name, ok, errors)
    reward = os.path.join(export, "judge_reward.py")
    if os.path.exists(reward):
        report.lines.append(check_reward(repo, reward))
    return report


def check_reward(repo, reward_file):
    """Loads the reward file through EasyR1's AutoRewardManager and scores replies of known quality."""
    function_mod = importlib.import_module("verl.workers.reward.function")
    config = types.SimpleNamespace(reward_function=reward_file, reward_function_name="compute_score",
                                   reward_function_kwargs={}, skip_special_tokens=True)
    manager = function_mod.AutoRewardManager(config, tokenizer=None)
    cases = [
        ("<think>A names the capital; B does not.</think> \\boxed{A}", "A", 1.0),
        ("<think>B is shorter.</think> \\boxed{B}", "A", 0.1),
        ("Both are equal. \\boxed{C}", "C", 0.9),
        ("<think>[[A]] looks good but \\boxed{B} is wrong</think> final: \\boxed{A}", "A", 1.0),
        ("no verdict at all", "B", 0.0),
        ("<think>x</think> \\boxed{A} or \\boxed{B}", "A", 0.0),
    ]
    inputs = [{"response": r, "response_length": len(r), "ground_truth": g} for r, g, _ in cases]
    scores = manager.reward_fn(inputs) if manager.reward_type == "batch" else [manager.reward_fn(x) for x in inputs]
    bad = [(c, s) for c, s in zip(cases, scores) if abs(s["overall"] - c[2]) > 1e-9]
    if bad:
        return "FAIL judge_reward.py: " + "; ".join(f"{c[0]!r} gave {s} (expected {c[2]})" for c, s in bad)
    return f"OK   judge_reward.py: loaded by AutoRewardManager ({manager.reward_type}), {len(cases)} replies scored as expected"


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    target, export, repo = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    try:
        if target == "llamafactory":
            report = check_llamafactory(export, repo, fork=False)
        elif target == "omnireward-factory":
            report = check_llamafactory(export, repo, fork=True)
        elif target == "trl":
            report = check_trl(export, repo)
        elif target == "easyr1":
            report = check_easyr1(export, repo)
        else:
            print(__doc__)
            return 2
    except Exception:
        traceback.print_exc()
        return 3
    return report.print()


if __name__ == "__main__":
    sys.exit(main())
