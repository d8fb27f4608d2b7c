"""The language a text is written in: kg's model reads English, so text in another
language is refused rather than stored."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ...errors import InputError
from ...lexicon import language_names, listed

MIN_LETTERS_TO_JUDGE = 20
"""Below this many letters (a Chinese, Japanese or Korean character counts two) a detector
only guesses, so a shorter text is not judged."""

_LANGUAGE_SAMPLE = 20_000

# Frequent English function words: in English news prose they are one word in four or five;
# in other languages written in Latin letters they are rare, so a text with enough of them is
# English without loading the detector's model (1.4 s). The words: ontology/lexicon/function_words.txt.
_ENGLISH_WORDS = listed("function_words")
_ENGLISH_SHARE = 0.12


@lru_cache(maxsize=1)
def _language_identifier() -> Any:  # py3langid has no types
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float, float] | None:
    """The text's likeliest language (ISO 639-1), the detector's confidence in it and its
    probability that the text is English; ("en", 1.0, 1.0) at once for text full of English
    function words; None when the text is too short to tell."""
    sample = text[:_LANGUAGE_SAMPLE]
    letters = sum(2 if c >= "\u2e80" else 1 for c in sample if c.isalpha())
    if letters < MIN_LETTERS_TO_JUDGE:
        return None
    words = re.findall(r"[^\W\d_]+", sample.casefold())
    if words and sum(1 for w in words if w in _ENGLISH_WORDS) / len(words) >= _ENGLISH_SHARE:
        return "en", 1.0, 1.0
    ranking = _language_identifier().rank(sample)
    language, confidence = ranking[0]
    english = next((float(p) for lang, p in ranking if lang == "en"), 0.0)
    return language, float(confidence), english


def _check_language(text: str, source: str) -> None:
    """kg's model reads English; entities found in another language would be wrong, so such
    text is refused rather than stored."""
    detected = detect_language(text)
    if detected is None:
        return
    language, confidence, english = detected
    # Refused only when the detector is sure of another language and all but rules out
    # English: English lines full of foreign names score low on every language, English too.
    if language != "en" and confidence >= 0.5 and english < 0.001:
        name = language_names().get(language, f"language '{language}'")
        raise InputError(
            f"{source}: the text is in {name}, not English; kg's language model reads English only, "
            f"so it was not ingested."
        )
