"""The resolution engine: canonical records in, stable fused entities out (pure Python).

Pipeline per record: ``records`` (parse) -> ``features`` (normalize once) -> ``blocking``
(candidate keys, capped) -> ``scoring`` (Fellegi-Sunter weights from ``model`` with
``tf`` adjustments, ``rules`` vetoes) -> ``clustering`` (attach / new / merge with
anti-chaining guards). ``engine.Resolver`` is the facade used by the stream and by
``enlace resolve``; ``judgements``, ``links`` and ``explain`` keep decisions reversible
and explainable; ``evaluate`` scores a clustering against ground truth.

Nothing here imports Kafka, Faust or Elasticsearch (an import-linter contract holds it).
"""
