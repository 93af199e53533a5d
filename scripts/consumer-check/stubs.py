"""Stand-ins for heavy packages the consumers import but that Debian does not package.

Only modules named in STUB_ROOTS are replaced, and only when they are not installed: every
attribute of a stubbed module is a permissive class, so `from transformers import X` and
`class Foo(X)` work. Nothing the checks rely on (parsing, placeholder counting, media decoding with
PIL/PyAV, torch) is stubbed; what is stubbed is listed by `stubbed()` and printed by the checker.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

STUB_ROOTS = {
    "transformers", "datasets", "peft", "huggingface_hub", "fsspec", "torchaudio", "accelerate",
    "qwen_vl_utils", "librosa", "omegaconf", "modelscope", "openmind", "trl", "deepspeed", "tensordict",
    "ray", "codetiming", "mathruler", "wandb", "swanlab", "vllm", "flash_attn", "liger_kernel",
    "torchvision", "rich", "safetensors", "sentencepiece", "tiktoken", "tokenizers", "pydantic",
    "uvicorn", "fastapi", "sse_starlette", "gradio", "matplotlib", "sklearn", "scipy", "pandas",
    "packaging", "tyro", "decord", "pyarrow",
}
_stubbed = []


class StubBase:
    """Accepts any construction, call and attribute access."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return StubBase()

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return StubBase()

    def __class_getitem__(cls, item):
        return cls


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name.isupper() or name.endswith("_NAME"):
            return "stub_" + name.lower()
        if name.startswith("is_") or name.startswith("require"):
            return lambda *a, **k: False
        cls = type(name, (StubBase,), {})
        setattr(self, name, cls)
        return cls


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        root = fullname.split(".")[0]
        if root not in STUB_ROOTS:
            return None
        if root == fullname:
            for finder in sys.meta_path:
                if finder is self:
                    continue
                try:
                    spec = finder.find_spec(fullname, path, target)
                except Exception:
                    spec = None
                if spec is not None:
                    return None  # really installed: use it
        elif root not in _stubbed:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        m = _StubModule(spec.name)
        m.__path__ = []
        if spec.name.split(".")[0] not in _stubbed:
            _stubbed.append(spec.name.split(".")[0])
        return m

    def exec_module(self, module):
        pass


def install():
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


def stubbed():
    return sorted(_stubbed)


def package(name, path):
    """Registers an empty package `name` at `path`, so its submodules import without its __init__."""
    m = types.ModuleType(name)
    m.__path__ = [path]
    sys.modules[name] = m
    return m
