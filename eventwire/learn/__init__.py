"""The learned layer: a sentence classifier beside the lexicon (issue 12).

``encoder`` runs all-MiniLM-L6-v2 in ONNX Runtime (exported at install time by
``export``, without torch); ``heads`` holds the trained type head, calibrators and
thresholds (``eventwire/data/models/layer.json``); ``layer`` scores sentences and
proposes drafts where no lexicon entry fires; ``step`` holds the coder's two steps
and the rule that settles lexicon and layer.
"""
