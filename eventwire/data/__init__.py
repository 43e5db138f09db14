"""Data files: ontology, trigger lexicon, knowledge base and place aliases."""
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
