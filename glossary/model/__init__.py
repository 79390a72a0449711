"""The glossary model: concepts, terms, statuses (``concepts``) and BCP-47 language tags (``langtags``).

Plain data that every other layer builds on; it imports nothing of the package but ``errors``.
"""
from __future__ import annotations

from glossary.model.concepts import Concept, Glossary, Location, PartOfSpeech, Status, Term, TermType

__all__ = ["Concept", "Glossary", "Location", "PartOfSpeech", "Status", "Term", "TermType"]
